package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.IoFailures;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parsed, validated {@code model.safetensors.index.json} of a sharded checkpoint:
 * {@code {"metadata": {...}, "weight_map": {"tensor": "model-00001-of-00002.safetensors", ...}}}.
 * Other top-level keys are ignored, as transformers does. Validation: strict UTF-8 JSON of at most
 * {@link #MAX_INDEX_BYTES}, root an object, no duplicate keys, {@code weight_map} a non-empty object of
 * non-empty strings, {@code metadata} absent, null or an object. Shard names are checked against the
 * folder when the shards are opened ({@link ShardedSafetensors}). Immutable.
 *
 * @param metadata the {@code metadata} object, each value as text (strings as they are, other values
 *     as compact JSON), in file order
 * @param weightMap tensor name to shard file name, sorted by tensor name
 */
public record SafetensorsIndex(Map<String, String> metadata, SortedMap<String, String> weightMap) {

    /** Largest index file accepted. */
    public static final long MAX_INDEX_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper(StrictJson.factory(64, MAX_INDEX_BYTES))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Makes both maps unmodifiable. */
    public SafetensorsIndex {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        weightMap = Collections.unmodifiableSortedMap(new TreeMap<>(weightMap));
    }

    /**
     * Reads and validates an index file.
     *
     * @param file the index file
     * @return the index
     * @throws CorruptFileException when the index is invalid (the message names the file and the key)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static SafetensorsIndex read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_INDEX_BYTES) {
                throw new CorruptFileException(file + ": index is " + size + " bytes, over the limit of "
                        + MAX_INDEX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoFailures.reason(e), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses and validates index JSON.
     *
     * @param json the file's bytes
     * @param where the file's name, for messages
     * @return the index
     * @throws CorruptFileException when the index is invalid
     */
    public static SafetensorsIndex parse(byte[] json, String where) {
        if (json.length > MAX_INDEX_BYTES) {
            throw new CorruptFileException(where + ": index is " + json.length + " bytes, over the limit of "
                    + MAX_INDEX_BYTES);
        }
        StrictJson.checkText(json, where, "index");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            throw new CorruptFileException(where + ": index is not valid JSON: " + e.getOriginalMessage() + location);
        } catch (IOException e) {
            throw new CorruptFileException(where + ": index cannot be parsed: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new CorruptFileException(where + ": index is not a JSON object");
        }
        return new SafetensorsIndex(parseMetadata(root.get("metadata"), where), parseWeightMap(root.get("weight_map"), where));
    }

    private static Map<String, String> parseMetadata(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new CorruptFileException(where + ": index 'metadata' is not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
        return out;
    }

    private static SortedMap<String, String> parseWeightMap(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new CorruptFileException(where + ": index has no 'weight_map' object");
        }
        if (node.isEmpty()) {
            throw new CorruptFileException(where + ": index 'weight_map' is empty");
        }
        SortedMap<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                throw new CorruptFileException(where + ": index 'weight_map' entry of tensor '" + e.getKey()
                        + "' is not a shard file name");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** @return the tensor names, sorted */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(weightMap.keySet()));
    }

    /** @return the distinct shard file names, sorted */
    public SortedSet<String> shardNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(weightMap.values()));
    }

    /**
     * @param shard a shard file name
     * @return the tensors the index assigns to it, sorted (empty for an unknown shard)
     */
    public List<String> tensorsOf(String shard) {
        List<String> out = new ArrayList<>();
        weightMap.forEach((tensor, s) -> {
            if (s.equals(shard)) {
                out.add(tensor);
            }
        });
        return out;
    }
}
