package ai.tvlt.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pytorch_model.bin.index.json} with its shards opens as one store, through {@link Checkpoint},
 * using the two torch.save fixtures as shards (their tensors are compared with the bytes torch wrote
 * to the {@code .expected.safetensors} files).
 */
class ShardedPytorchCheckpointTest {

    static final Path FIXTURES = Path.of("src/test/resources/torch-fixtures");
    static final String[] SHARDS = {"layouts.bin", "module_state_dict.bin"};

    /** Writes the index of the two shards, each tensor mapped to the shard that holds it. */
    static void writeShardedFolder(Path dir) throws IOException {
        StringBuilder map = new StringBuilder();
        for (String shard : SHARDS) {
            Path copy = Files.copy(FIXTURES.resolve(shard), dir.resolve(shard));
            try (TorchCheckpoint c = TorchCheckpoint.open(copy)) {
                for (String name : c.names()) {
                    map.append(map.isEmpty() ? "" : ", ").append('"').append(name).append("\": \"").append(shard)
                            .append('"');
                }
            }
        }
        Files.writeString(dir.resolve(Checkpoint.PYTORCH_INDEX), "{\"metadata\": {\"total_size\": 1}, "
                + "\"weight_map\": {" + map + "}}", StandardCharsets.UTF_8);
    }

    @Test
    void opensAllShardsAsOneStore(@TempDir Path dir) throws IOException {
        writeShardedFolder(dir);
        assertEquals(dir.resolve(Checkpoint.PYTORCH_INDEX), Checkpoint.weightsFile(dir));
        try (TensorStore store = Checkpoint.openTensors(dir)) {
            assertInstanceOf(ShardedTensorStore.class, store);
            Set<String> expectedNames = new TreeSet<>();
            for (String shard : SHARDS) {
                Path expectedFile = FIXTURES.resolve(shard.replace(".bin", ".expected.safetensors"));
                try (SafetensorsFile expected = SafetensorsFile.open(expectedFile)) {
                    for (String name : expected.names()) {
                        expectedNames.add(name);
                        assertEquals(expected.info(name).dtype(), store.info(name).dtype(), name);
                        assertEquals(expected.rawData(name), store.rawData(name), name);
                    }
                }
            }
            assertEquals(expectedNames, store.names());
            assertEquals("1", store.metadata().get("total_size"));
        }
    }

    @Test
    void aShardTheIndexNamesMustExist(@TempDir Path dir) throws IOException {
        writeShardedFolder(dir);
        Files.delete(dir.resolve("layouts.bin"));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpoint.openTensors(dir));
        assertTrue(e.getMessage().contains("shard 'layouts.bin'"), e.getMessage());
    }

    @Test
    void pytorchWeightsOutrankTheirIndexAsInTransformers(@TempDir Path dir) throws IOException {
        writeShardedFolder(dir);
        Files.copy(FIXTURES.resolve("module_state_dict.bin"), dir.resolve(Checkpoint.PYTORCH));
        assertEquals(dir.resolve(Checkpoint.PYTORCH), Checkpoint.weightsFile(dir));
    }
}
