package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed, validated header of a safetensors file. Validation rejects everything that could lead
 * to an out-of-bounds read or to an allocation larger than the file: a header longer than the file or
 * than {@link #MAX_HEADER_BYTES}, malformed JSON, unknown dtypes, shapes whose byte size differs from
 * the span, spans outside the data area, and overlapping spans or gaps between them.
 *
 * @param tensors the tensors by name (sorted)
 * @param metadata the {@code __metadata__} map (empty when absent)
 * @param dataStart offset of the data area in the file
 */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

    /** Largest header accepted, as the official implementation does. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
            throw corrupt(where, "header length " + Long.toUnsignedString(headerLength)
                    + " is impossible for a file of " + fileSize + " bytes (limit " + MAX_HEADER_BYTES + ")");
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
     */
    static SafetensorsHeader parse(byte[] json, long dataStart, long dataSize, String where) {
        if (json.length == 0 || json[0] != '{') {
            throw corrupt(where, "header does not start with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw corrupt(where, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw corrupt(where, "header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new TreeMap<>();
        Map<String, String> metadata = Collections.emptyMap();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().equals("__metadata__")) {
                metadata = parseMetadata(e.getValue(), where);
            } else {
                tensors.put(e.getKey(), parseTensor(e.getKey(), e.getValue(), dataSize, where));
            }
        }
        checkContiguous(tensors, dataSize, where);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata, dataStart);
    }

    private static Map<String, String> parseMetadata(JsonNode node, String where) {
        if (!node.isObject()) {
            throw corrupt(where, "__metadata__ is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw corrupt(where, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseTensor(String name, JsonNode node, long dataSize, String where) {
        String at = where + ", tensor '" + name + "'";
        if (!node.isObject()) {
            throw corrupt(at, "entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw corrupt(at, "missing or non-string 'dtype'");
        }
        DType dtype = DType.parse(dtypeNode.textValue(), at);
        long[] shape = nonNegativeLongs(node.get("shape"), "shape", at);
        long[] offsets = nonNegativeLongs(node.get("data_offsets"), "data_offsets", at);
        if (offsets.length != 2) {
            throw corrupt(at, "data_offsets must hold exactly 2 numbers, found " + offsets.length);
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw corrupt(at, "data_offsets [" + begin + ", " + end + "] lie outside the data area of "
                    + dataSize + " bytes");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw corrupt(at, "shape " + java.util.Arrays.toString(shape) + " overflows");
        }
        if (bytes != end - begin) {
            throw corrupt(at, "shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs "
                    + bytes + " bytes but data_offsets span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] nonNegativeLongs(JsonNode node, String key, String at) {
        if (node == null || !node.isArray()) {
            throw corrupt(at, "missing or non-array '" + key + "'");
        }
        if (node.size() > 64) {
            throw corrupt(at, "'" + key + "' has " + node.size() + " entries");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw corrupt(at, "'" + key + "' entry " + i + " is not a non-negative integer: " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static void checkContiguous(Map<String, TensorInfo> tensors, long dataSize, String where) {
        List<TensorInfo> spans = new ArrayList<>(tensors.values());
        spans.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        for (TensorInfo t : spans) {
            if (t.begin() < expected) {
                throw corrupt(where + ", tensor '" + t.name() + "'", "data_offsets [" + t.begin() + ", "
                        + t.end() + "] overlap the previous tensor, which ends at " + expected);
            }
            if (t.begin() > expected) {
                throw corrupt(where + ", tensor '" + t.name() + "'", "gap of " + (t.begin() - expected)
                        + " unused bytes before data_offsets [" + t.begin() + ", " + t.end() + "]");
            }
            expected = t.end();
        }
        if (expected != dataSize) {
            throw corrupt(where, "tensors cover " + expected + " bytes but the data area holds " + dataSize);
        }
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
