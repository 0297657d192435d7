package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.IoFailures;
import ai.tvlt.weights.HalfFloats;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects named tensors and writes them as one safetensors file laid out as the official writer
 * (safetensors {@code src/tensor.rs}, {@code prepare}) lays it out: tensors ordered by decreasing dtype
 * alignment, then by name (UTF-8 byte order), so each tensor's data is aligned to its element size;
 * contiguous data; compact JSON with {@code __metadata__} first (keys sorted) and the tensors in data
 * order; the header padded with spaces to a multiple of 8. For the same tensors and at most one
 * metadata entry the output is byte-identical to the official writer's. Data buffers are referenced,
 * not copied, until {@link #write(Path)} streams them out, so a mapped buffer from another file costs
 * no heap.
 *
 * <p>Not thread-safe: fill and write it from one thread.
 */
public final class SafetensorsWriter {

    private static final JsonFactory JSON = new JsonFactory();

    /** Official write order: decreasing alignment, then name compared as UTF-8 bytes (Rust's String order). */
    private static final Comparator<Entry> OFFICIAL_ORDER = Comparator
            .comparingInt((Entry e) -> -e.dtype().alignmentRank())
            .thenComparing(Entry::nameUtf8, Arrays::compareUnsigned);

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    private record Entry(String name, byte[] nameUtf8, DType dtype, long[] shape, ByteBuffer data) {
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
        if (name == null || name.equals("__metadata__")) {
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
        long bytes;
        try {
            bytes = Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw new InvalidInputException("tensor '" + name + "': shape " + Arrays.toString(shape) + " overflows");
        }
        if (bytes != data.remaining()) {
            throw new InvalidInputException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + bytes + " bytes, got " + data.remaining());
        }
        entries.put(name, new Entry(name, name.getBytes(StandardCharsets.UTF_8), dtype, shape.clone(),
                data.slice().order(ByteOrder.LITTLE_ENDIAN)));
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
     * @param dtype a two-byte dtype (F16, BF16, I16); the values are its raw bits
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putShorts(String name, DType dtype, long[] shape, short[] values) {
        if (dtype.byteSize() != 2) {
            throw new InvalidInputException("putShorts needs a two-byte dtype, got " + dtype);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return put(name, dtype, shape, b);
    }

    /**
     * Adds float values stored as a floating-point dtype: F32 as they are, F64 widened, F16 and BF16
     * rounded to nearest even ({@link HalfFloats}).
     *
     * @param name tensor name
     * @param dtype F64, F32, F16 or BF16
     * @param shape dimensions
     * @param values row-major elements
     * @return this writer
     */
    public SafetensorsWriter putFloatsAs(String name, DType dtype, long[] shape, float[] values) {
        switch (dtype) {
            case F32 -> {
                return putFloats(name, shape, values);
            }
            case F64 -> {
                double[] d = new double[values.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = values[i];
                }
                return putDoubles(name, shape, d);
            }
            case F16, BF16 -> {
                short[] bits = new short[values.length];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = dtype == DType.F16 ? HalfFloats.floatToHalf(values[i])
                            : HalfFloats.floatToBfloat16(values[i]);
                }
                return putShorts(name, dtype, shape, bits);
            }
            default -> throw new InvalidInputException("putFloatsAs needs a floating-point dtype, got " + dtype);
        }
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
        if (key == null || value == null) {
            throw new InvalidInputException("metadata key and value must not be null (key '" + key + "')");
        }
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
     * @throws InvalidInputException when the header would exceed {@link SafetensorsHeader#MAX_HEADER_BYTES}
     * @throws UncheckedIOException when writing fails
     */
    public void write(Path path) {
        List<Entry> ordered = new ArrayList<>(entries.values());
        ordered.sort(OFFICIAL_ORDER);
        byte[] header = headerBytes(ordered, path);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(out, len);
                writeFully(out, ByteBuffer.wrap(header));
                for (Entry e : ordered) {
                    writeFully(out, e.data().duplicate());
                }
            }
            moveIntoPlace(tmp, path);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + path + ": " + IoFailures.reason(e), e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path path) throws IOException {
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    private byte[] headerBytes(List<Entry> ordered, Path path) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Entry e : ordered) {
                long size = e.data().remaining();
                g.writeObjectFieldStart(e.name());
                g.writeStringField("dtype", e.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : e.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + size);
                g.writeEndArray();
                g.writeEndObject();
                offset += size;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the safetensors header of " + path + ": "
                    + IoFailures.reason(e), e);
        }
        int length = json.size();
        int padded = (length + 7) / 8 * 8;
        if (padded > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new InvalidInputException("the safetensors header would be " + padded + " bytes, over the limit of "
                    + SafetensorsHeader.MAX_HEADER_BYTES + " that readers accept");
        }
        byte[] out = Arrays.copyOf(json.toByteArray(), padded);
        Arrays.fill(out, length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
