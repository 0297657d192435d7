package ai.tvlt.weights.testing;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One golden case file: {@code input.*} tensors to hand to the code under test, {@code expected.*}
 * tensors to compare with, and the case description in {@code __metadata__["case"]}.
 */
public final class GoldenCase implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SafetensorsFile file;
    private final JsonNode meta;

    private GoldenCase(String name, SafetensorsFile file) {
        this.name = name;
        this.file = file;
        String caseJson = file.metadata().get("case");
        try {
            this.meta = caseJson == null ? JSON.createObjectNode() : JSON.readTree(caseJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param relative path below the golden root, e.g. {@code "processing/audio_short_700.safetensors"}
     * @return the open case
     */
    public static GoldenCase open(String relative) {
        return new GoldenCase(relative, SafetensorsFile.open(GoldenFiles.resolve(relative)));
    }

    /**
     * @param path a case file anywhere
     * @return the open case
     */
    public static GoldenCase open(Path path) {
        return new GoldenCase(path.getFileName().toString(), SafetensorsFile.open(path));
    }

    /** @return the underlying file */
    public SafetensorsFile file() {
        return file;
    }

    /** @return the parsed {@code __metadata__["case"]} JSON */
    public JsonNode meta() {
        return meta;
    }

    /**
     * @param key a tensor name
     * @return whether the case holds it
     */
    public boolean has(String key) {
        return file.contains(key);
    }

    /**
     * @param prefix a name prefix such as {@code "expected."}
     * @return the tensor names that start with it, sorted
     */
    public SortedSet<String> keys(String prefix) {
        SortedSet<String> out = new TreeSet<>();
        for (String n : file.names()) {
            if (n.startsWith(prefix)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * @param key a tensor name
     * @return its shape
     */
    public long[] shape(String key) {
        return file.info(key).shape();
    }

    /**
     * @param key a tensor name
     * @return its values as floats
     */
    public float[] floats(String key) {
        return file.readFloats(key);
    }

    /**
     * @param key a tensor name
     * @return its values as doubles
     */
    public double[] doubles(String key) {
        return file.readDoubles(key);
    }

    /**
     * @param key an integer tensor name
     * @return its values as longs
     */
    public long[] longs(String key) {
        return file.readLongs(key);
    }

    /**
     * @param key a one-byte tensor name
     * @return its bytes
     */
    public byte[] bytes(String key) {
        return file.readBytes(key);
    }

    /**
     * Compares computed values with an expected tensor.
     *
     * @param expectedKey e.g. {@code "expected.audio_values"}
     * @param actual computed values, row-major
     * @param actualShape computed shape
     * @param tol tolerance
     */
    public void assertClose(String expectedKey, double[] actual, long[] actualShape, Tolerance tol) {
        ArrayAssert.assertClose(name + " " + expectedKey, doubles(expectedKey), shape(expectedKey), actual,
                actualShape, tol);
    }

    /**
     * Compares computed floats with an expected tensor.
     *
     * @param expectedKey e.g. {@code "expected.audio_values"}
     * @param actual computed values, row-major
     * @param actualShape computed shape
     * @param tol tolerance
     */
    public void assertClose(String expectedKey, float[] actual, long[] actualShape, Tolerance tol) {
        assertClose(expectedKey, ArrayAssert.widen(actual), actualShape, tol);
    }

    /**
     * Compares computed integers (ids, masks) exactly with an expected tensor of any numeric dtype.
     *
     * @param expectedKey the expected tensor
     * @param actual computed values
     * @param actualShape computed shape
     */
    public void assertExact(String expectedKey, long[] actual, long[] actualShape) {
        double[] e = doubles(expectedKey);
        long[] el = new long[e.length];
        for (int i = 0; i < e.length; i++) {
            el[i] = (long) e[i];
            if (el[i] != e[i]) {
                throw new AssertionError(expectedKey + " is not integral at " + i);
            }
        }
        ArrayAssert.assertExact(name + " " + expectedKey, el, shape(expectedKey), actual, actualShape);
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
