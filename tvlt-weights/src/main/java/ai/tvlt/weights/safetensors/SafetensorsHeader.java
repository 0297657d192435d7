package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed, validated header of a safetensors file.
 *
 * <p>The header is read with a streaming JSON parser straight from its bytes. Validation follows the
 * official implementation (safetensors {@code src/tensor.rs}: header at most 100 MB, UTF-8 JSON whose
 * root is an object, trailing spaces allowed, every tensor's byte span equal to its shape times its
 * dtype size, spans contiguous from 0 to the end of the file in any key order, {@code __metadata__}
 * a string-to-string map or null, unknown fields of a tensor entry ignored) and is stricter where the
 * format's README asks for it: duplicate keys are rejected, and so are shapes of more than
 * {@link #MAX_RANK} dimensions. Anything that could lead to an out-of-bounds read or to an allocation
 * larger than the file is rejected with a {@link CorruptFileException} naming the file, the tensor
 * (where there is one) and the problem.
 *
 * @param tensors the tensors by name (sorted by name, unmodifiable)
 * @param metadata the {@code __metadata__} map in file order (empty when absent, unmodifiable)
 * @param dataStart offset of the data area in the file (8 + header length)
 * @param dataSize size of the data area in bytes
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart,
        long dataSize) {

    /** Largest header accepted, as the official implementation does. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Largest tensor rank accepted (the official reader has no limit; no real checkpoint comes near). */
    public static final int MAX_RANK = 64;

    /** A safetensors header nests three levels deep; anything much deeper is hostile. */
    private static final int MAX_NESTING_DEPTH = 16;

    private static final JsonFactory JSON = StrictJson.factory(MAX_NESTING_DEPTH, MAX_HEADER_BYTES);

    private static final String METADATA_KEY = "__metadata__";

    /**
     * Reads and validates the header of an open file.
     *
     * @param channel the file, readable, positioned anywhere
     * @param where the file's name, for messages
     * @return the header
     * @throws IOException when reading fails
     * @throws CorruptFileException when the header is invalid
     */
    public static SafetensorsHeader read(FileChannel channel, String where) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw corrupt(where, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw corrupt(where, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw corrupt(where, "header length " + headerLength + " is larger than the file ("
                    + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        return parse(headerBytes.array(), 8 + headerLength, fileSize - 8 - headerLength, where);
    }

    /**
     * Parses and validates header JSON.
     *
     * @param json the header bytes (UTF-8 JSON, optionally padded with spaces)
     * @param dataStart where the data area starts in the file
     * @param dataSize the size of the data area
     * @param where the file's name, for messages
     * @return the header
     * @throws CorruptFileException when the header is invalid
     */
    static SafetensorsHeader parse(byte[] json, long dataStart, long dataSize, String where) {
        StrictJson.checkText(json, where, "header");
        Map<String, TensorInfo> tensors = new TreeMap<>();
        Map<String, String> metadata = Collections.emptyMap();
        boolean metadataSeen = false;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken root = p.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw corrupt(where, "header is " + describe(root) + ", not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (key.equals(METADATA_KEY)) {
                    if (metadataSeen) {
                        throw corrupt(where, "key '__metadata__' appears twice");
                    }
                    metadataSeen = true;
                    metadata = parseMetadata(p, where);
                } else {
                    TensorInfo info = parseTensor(p, key, dataSize, where);
                    if (tensors.put(key, info) != null) {
                        throw corrupt(at(where, key), "tensor name appears twice in the header");
                    }
                }
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw corrupt(where, "header has " + describe(trailing) + " after its JSON object");
            }
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            throw corrupt(where, "header is not valid JSON: " + e.getOriginalMessage() + location);
        } catch (IOException e) {
            // A parser over a byte array does no I/O; any other IOException is a parse failure too.
            throw corrupt(where, "header cannot be parsed: " + e.getMessage());
        }
        checkContiguous(tensors, dataSize, where);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata, dataStart, dataSize);
    }

    private static Map<String, String> parseMetadata(JsonParser p, String where) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Collections.emptyMap();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw corrupt(where, "__metadata__ is " + describe(p.currentToken()) + ", not a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw corrupt(where, "__metadata__ value of key '" + shorten(key) + "' is " + describe(value)
                        + ", not a string");
            }
            if (out.put(key, p.getText()) != null) {
                throw corrupt(where, "__metadata__ key '" + shorten(key) + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseTensor(JsonParser p, String name, long dataSize, String where)
            throws IOException {
        String at = at(where, name);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw corrupt(at, "entry is " + describe(p.currentToken()) + ", not a JSON object");
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    requireFirst(dtype, field, at);
                    if (value != JsonToken.VALUE_STRING) {
                        throw corrupt(at, "'dtype' is " + describe(value) + ", not a string");
                    }
                    dtype = DType.parse(p.getText(), at);
                }
                case "shape" -> {
                    requireFirst(shape, field, at);
                    shape = nonNegativeLongs(p, field, MAX_RANK, at);
                }
                case "data_offsets" -> {
                    requireFirst(offsets, field, at);
                    offsets = nonNegativeLongs(p, field, 2, at);
                    if (offsets.length != 2) {
                        throw corrupt(at, "'data_offsets' must hold exactly 2 numbers, found " + offsets.length);
                    }
                }
                default -> p.skipChildren(); // the official reader ignores unknown fields too
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw corrupt(at, "entry lacks '" + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets")
                    + "'");
        }
        return checkedInfo(name, dtype, shape, offsets[0], offsets[1], dataSize, at);
    }

    private static TensorInfo checkedInfo(String name, DType dtype, long[] shape, long begin, long end,
            long dataSize, String at) {
        if (begin > end) {
            throw corrupt(at, "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        if (end > dataSize) {
            throw corrupt(at, "data_offsets [" + begin + ", " + end + "] lie outside the data area of "
                    + dataSize + " bytes");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw corrupt(at, "shape " + Arrays.toString(shape) + " has more elements than a long holds");
        }
        if (bytes != end - begin) {
            throw corrupt(at, "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void requireFirst(Object previous, String field, String at) {
        if (previous != null) {
            throw corrupt(at, "field '" + field + "' appears twice");
        }
    }

    private static long[] nonNegativeLongs(JsonParser p, String field, int maxLength, String at) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw corrupt(at, "'" + field + "' is " + describe(p.currentToken()) + ", not an array");
        }
        long[] out = new long[Math.min(maxLength, 8)];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw corrupt(at, "'" + field + "' entry " + n + " is not an integer in [0, 2^63): "
                        + shorten(p.getText()));
            }
            if (n == maxLength) {
                throw corrupt(at, "'" + field + "' has more than " + maxLength + " entries");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(maxLength, 2 * n));
            }
            out[n++] = p.getLongValue();
        }
        return Arrays.copyOf(out, n);
    }

    /** Tensors must tile the data area exactly: no overlap, no gap, nothing after the last one. */
    private static void checkContiguous(Map<String, TensorInfo> tensors, long dataSize, String where) {
        List<TensorInfo> spans = new ArrayList<>(tensors.values());
        spans.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        String previous = null;
        for (TensorInfo t : spans) {
            String at = at(where, t.name());
            if (t.begin() < expected) {
                throw corrupt(at, "data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor '"
                        + shorten(previous) + "', which ends at " + expected);
            }
            if (t.begin() > expected) {
                throw corrupt(at, "gap of " + (t.begin() - expected) + " unused bytes before data_offsets ["
                        + t.begin() + ", " + t.end() + "]");
            }
            expected = t.end();
            previous = t.name();
        }
        if (expected != dataSize) {
            throw corrupt(where, "tensors cover " + expected + " bytes but the data area holds " + dataSize
                    + " (" + (dataSize - expected) + " unused bytes at the end)");
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }

    private static String at(String where, String tensor) {
        return where + ", tensor '" + shorten(tensor) + "'";
    }

    /** Keeps hostile names from producing megabyte-long messages. */
    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static CorruptFileException corrupt(String where, String what) {
        return new CorruptFileException(where + ": " + what);
    }
}
