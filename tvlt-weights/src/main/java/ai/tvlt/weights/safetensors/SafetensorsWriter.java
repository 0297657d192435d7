package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects named tensors and writes them as one safetensors file that the official reader accepts:
 * tensors sorted by name, contiguous data, the header padded with spaces to a multiple of 8, an
 * optional {@code __metadata__} string map. Data buffers are referenced, not copied, until
 * {@link #write(Path)} streams them out, so a mapped buffer from another file costs no heap.
 *
 * <p>Not thread-safe: fill and write it from one thread.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Entry> entries = new TreeMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private record Entry(DType dtype, long[] shape, ByteBuffer data) {
    }

    /**
     * Adds a tensor given as raw little-endian bytes.
     *
     * @param name tensor name, unique in the file
     * @param dtype element type
     * @param shape dimensions
     * @param data exactly numel(shape) * dtype.byteSize() bytes from its position; not copied
     * @return this writer
     */
    public SafetensorsWriter put(String name, DType dtype, long[] shape, ByteBuffer data) {
        if (name == null || name.isEmpty() || name.equals("__metadata__")) {
            throw new InvalidInputException("invalid tensor name '" + name + "'");
        }
        if (entries.containsKey(name)) {
            throw new InvalidInputException("tensor '" + name + "' was already added");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException("tensor '" + name + "' has a negative dimension in "
                        + Arrays.toString(shape));
            }
        }
        long bytes = Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
        if (bytes != data.remaining()) {
            throw new InvalidInputException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + bytes + " bytes, got " + data.remaining());
        }
        entries.put(name, new Entry(dtype, shape.clone(), data.slice().order(ByteOrder.LITTLE_ENDIAN)));
        return this;
    }

    /**
     * @param name tensor name
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return put(name, DType.F32, shape, b);
    }

    /**
     * @param name tensor name
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putDoubles(String name, long[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return put(name, DType.F64, shape, b);
    }

    /**
     * @param name tensor name
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putLongs(String name, long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return put(name, DType.I64, shape, b);
    }

    /**
     * @param name tensor name
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putInts(String name, long[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return put(name, DType.I32, shape, b);
    }

    /**
     * @param name tensor name
     * @param dtype a one-byte dtype (U8, I8, BOOL)
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putBytes(String name, DType dtype, long[] shape, byte[] values) {
        if (dtype.byteSize() != 1) {
            throw new InvalidInputException("putBytes needs a one-byte dtype, got " + dtype);
        }
        return put(name, dtype, shape, ByteBuffer.wrap(values));
    }

    /**
     * Adds a {@code __metadata__} entry.
     *
     * @param key metadata key
     * @param value metadata value
     * @return this writer
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** @return the number of tensors added */
    public int size() {
        return entries.size();
    }

    /**
     * Writes the file (to a temporary sibling first, then renamed into place).
     *
     * @param path destination
     * @throws UncheckedIOException when writing fails
     */
    public void write(Path path) {
        byte[] header = headerBytes();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(out, len);
            writeFully(out, ByteBuffer.wrap(header));
            for (Entry e : entries.values()) {
                writeFully(out, e.data().duplicate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + path, e);
        }
    }

    private byte[] headerBytes() {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype().name());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long size = e.getValue().data().remaining();
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
