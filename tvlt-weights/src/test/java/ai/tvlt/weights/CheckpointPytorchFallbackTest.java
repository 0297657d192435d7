package ai.tvlt.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint folder with only pytorch_model.bin opens through TorchCheckpoint; safetensors still wins. */
class CheckpointPytorchFallbackTest {

    private static final Path GOLDEN = GoldenFiles.resolve("models/tiny-pretraining");

    @Test
    void folderWithOnlyPytorchWeightsOpens(@TempDir Path dir) throws IOException {
        Files.copy(GOLDEN.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(GOLDEN.resolve("pytorch_model.bin"), dir.resolve("pytorch_model.bin"));
        try (Checkpoint ckpt = Checkpoint.open(dir);
             SafetensorsFile expected = SafetensorsFile.open(GOLDEN.resolve("model.safetensors"))) {
            assertInstanceOf(TorchCheckpoint.class, ckpt.tensors());
            assertEquals(expected.names(), ckpt.tensors().names());
            for (String name : expected.names()) {
                assertEquals(expected.rawData(name), ckpt.tensors().rawData(name), name);
            }
        }
    }

    @Test
    void safetensorsIsPreferred() {
        try (TensorStore store = Checkpoint.openTensors(GOLDEN)) {
            assertInstanceOf(SafetensorsFile.class, store);
        }
    }

    @Test
    void folderWithoutWeightsNamesBothFiles(@TempDir Path dir) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpoint.openTensors(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
    }
}
