package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A golden checkpoint split into three shards with {@link SafetensorsWriter} reads exactly like the
 * single file; hostile or inconsistent index files are rejected with a message naming the problem.
 */
class ShardedSafetensorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = GoldenFiles.resolve("models/tiny-pretraining/model.safetensors");

    @TempDir
    Path dir;

    /** Splits the golden checkpoint round-robin into {@code shards} files and returns the weight map. */
    private Map<String, String> split(int shards) {
        Map<String, String> weightMap = new TreeMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(GOLDEN)) {
            List<SafetensorsWriter> writers = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                writers.add(new SafetensorsWriter().metadata("format", "pt"));
            }
            int i = 0;
            for (String name : f.names()) {
                TensorInfo info = f.info(name);
                writers.get(i % shards).put(name, info.dtype(), info.shape(), f.rawData(name));
                weightMap.put(name, shardName(i % shards, shards));
                i++;
            }
            for (int s = 0; s < shards; s++) {
                writers.get(s).write(dir.resolve(shardName(s, shards)));
            }
        }
        return weightMap;
    }

    private static String shardName(int index, int count) {
        return String.format("model-%05d-of-%05d.safetensors", index + 1, count);
    }

    private Path writeIndex(Map<String, ?> weightMap) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("metadata").put("total_size", 123456);
        root.set("weight_map", JSON.valueToTree(weightMap));
        return writeIndexText(root.toString());
    }

    private Path writeIndexText(String json) {
        try {
            return Files.writeString(dir.resolve(ShardedSafetensors.INDEX_FILE), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CorruptFileException rejected(Path index, String... expected) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ShardedSafetensors.open(index).close());
        assertTrue(e.getMessage().startsWith(index.toString()), "message names the index: " + e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "message must contain '" + part + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void shardsReadExactlyLikeTheSingleFile() {
        writeIndex(split(3));
        try (TensorStore sharded = Checkpoint.openTensors(dir); SafetensorsFile single = SafetensorsFile.open(GOLDEN)) {
            ShardedSafetensors s = assertInstanceOf(ShardedSafetensors.class, sharded);
            assertEquals(3, s.shardFiles().size());
            assertEquals(single.names(), sharded.names());
            for (String name : single.names()) {
                TensorInfo expected = single.info(name);
                TensorInfo actual = sharded.info(name);
                assertEquals(expected.dtype(), actual.dtype(), name);
                assertArrayEquals(expected.shape(), actual.shape(), name);
                assertEquals(0, single.rawData(name).compareTo(sharded.rawData(name)), name + " bytes");
                assertTrue(sharded.contains(name));
            }
            assertEquals(Map.of("total_size", "123456"), sharded.metadata());
            assertThrows(InvalidInputException.class, () -> sharded.info("missing.weight"));
        }
    }

    @Test
    void singleFileWinsOverTheIndex() throws IOException {
        writeIndex(split(2));
        Files.copy(GOLDEN, dir.resolve(Checkpoint.SAFETENSORS));
        try (TensorStore store = Checkpoint.openTensors(dir)) {
            assertInstanceOf(SafetensorsFile.class, store);
        }
    }

    @Test
    void closedStoreRefusesReads() {
        Path index = writeIndex(split(2));
        ShardedSafetensors store = ShardedSafetensors.open(index);
        String name = store.names().first();
        store.close();
        assertThrows(ClosedException.class, () -> store.rawData(name));
        assertThrows(ClosedException.class, store::names);
    }

    @Test
    void missingShard() throws IOException {
        Path index = writeIndex(split(3));
        Files.delete(dir.resolve(shardName(1, 3)));
        rejected(index, "shard 'model-00002-of-00003.safetensors'", "does not exist");
    }

    @Test
    void shardNameWithParentDirectory() {
        Map<String, String> map = split(2);
        map.put(map.keySet().iterator().next(), "../" + shardName(0, 2));
        rejected(writeIndex(map), "'../model-00001-of-00002.safetensors' leaves the checkpoint folder");
    }

    @Test
    void shardNameThatIsDotDot() {
        Map<String, String> map = split(2);
        map.put(map.keySet().iterator().next(), "..");
        rejected(writeIndex(map), "'..' leaves the checkpoint folder");
    }

    @Test
    void absoluteShardName() {
        Map<String, String> map = split(2);
        map.put(map.keySet().iterator().next(), dir.resolve(shardName(0, 2)).toAbsolutePath().toString());
        rejected(writeIndex(map), "leaves the checkpoint folder");
    }

    @Test
    void shardNameInASubfolder() throws IOException {
        Map<String, String> map = split(2);
        Files.createDirectory(dir.resolve("sub"));
        Files.copy(dir.resolve(shardName(0, 2)), dir.resolve("sub").resolve(shardName(0, 2)));
        map.replaceAll((k, v) -> v.equals(shardName(0, 2)) ? "sub/" + v : v);
        rejected(writeIndex(map), "'sub/model-00001-of-00002.safetensors' leaves the checkpoint folder");
    }

    @Test
    void shardNameWithBackslash() {
        Map<String, String> map = split(2);
        map.put(map.keySet().iterator().next(), "..\\" + shardName(0, 2));
        rejected(writeIndex(map), "leaves the checkpoint folder");
    }

    @Test
    void shardNameWithNulCharacter() {
        Map<String, String> map = split(2);
        map.put(map.keySet().iterator().next(), "model\u0000.safetensors");
        rejected(writeIndex(map), "is not a valid file name");
    }

    @Test
    void tensorMappedToAShardThatLacksIt() {
        Map<String, String> map = split(2);
        String first = map.keySet().iterator().next();
        String other = map.get(first).equals(shardName(0, 2)) ? shardName(1, 2) : shardName(0, 2);
        map.put(first, other);
        rejected(writeIndex(map), "tensor '" + first + "' is mapped to shard '" + other + "', which does not hold it");
    }

    @Test
    void tensorListedInTheIndexButInNoShard() {
        Map<String, String> map = split(2);
        map.put("ghost.weight", shardName(0, 2));
        rejected(writeIndex(map), "tensor 'ghost.weight'", "does not hold it");
    }

    @Test
    void shardHoldsATensorTheIndexDoesNotList() {
        Map<String, String> map = split(2);
        String dropped = map.keySet().iterator().next();
        map.remove(dropped);
        rejected(writeIndex(map), "holds tensor '" + dropped + "', which the index does not list");
    }

    @Test
    void indexWithoutWeightMap() {
        rejected(writeIndexText("{\"metadata\": {}}"), "no 'weight_map' object");
    }

    @Test
    void indexWithEmptyWeightMap() {
        rejected(writeIndexText("{\"weight_map\": {}}"), "'weight_map' is empty");
    }

    @Test
    void weightMapValueNotAString() {
        Map<String, Object> map = new LinkedHashMap<>(split(2));
        map.put("bad.weight", 3);
        rejected(writeIndex(map), "entry of tensor 'bad.weight' is not a shard file name");
    }

    @Test
    void indexThatIsNotJson() {
        rejected(writeIndexText("{\"weight_map\": {\"a\": "), "index is not valid JSON");
    }

    @Test
    void indexThatIsAnArray() {
        rejected(writeIndexText("[]"), "index is not a JSON object");
    }

    @Test
    void indexWithDuplicateTensor() {
        rejected(writeIndexText("{\"weight_map\": {\"a\": \"x.safetensors\", \"a\": \"x.safetensors\"}}"),
                "index is not valid JSON", "Duplicate field 'a'");
    }

    @Test
    void indexWithTrailingContent() {
        rejected(writeIndexText("{\"weight_map\": {\"a\": \"x.safetensors\"}} []"), "index is not valid JSON");
    }

    @Test
    void indexWithMetadataNotAnObject() {
        rejected(writeIndexText("{\"metadata\": 5, \"weight_map\": {\"a\": \"x.safetensors\"}}"),
                "'metadata' is not a JSON object");
    }

    @Test
    void corruptShardIsNamed() throws IOException {
        Path index = writeIndex(split(2));
        Files.write(dir.resolve(shardName(1, 2)), new byte[] {1, 2, 3});
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ShardedSafetensors.open(index));
        assertTrue(e.getMessage().contains(shardName(1, 2)), e.getMessage());
    }
}
