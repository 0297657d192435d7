package ai.tvlt.weights.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by torch.save itself (see {@code torch-fixtures/README.md}) read to exactly the
 * bytes torch's {@code tensor.contiguous()} gives, including views that share a storage and every dtype.
 */
class TorchCheckpointFixturesTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchCheckpointFixturesTest.class.getResource("/torch-fixtures/" + name).toURI());
    }

    @Test
    void viewsSharedStoragesAndAllDtypesMatchTorch() throws Exception {
        try (TorchCheckpoint bin = TorchCheckpoint.open(fixture("layouts.bin"));
             SafetensorsFile expected = SafetensorsFile.open(fixture("layouts.expected.safetensors"))) {
            TorchCheckpointGoldenTest.assertIdentical(expected, bin);
            assertEquals(17, bin.names().size());
            for (String view : Set.of("weight_t", "col", "block", "expanded", "i32")) {
                assertFalse(bin.isContiguous(view), view);
            }
            assertTrue(bin.isContiguous("row"));
        }
    }

    @Test
    void moduleStateDictWithMetadataMatchesTorch() throws Exception {
        try (TorchCheckpoint bin = TorchCheckpoint.open(fixture("module_state_dict.bin"));
             SafetensorsFile expected = SafetensorsFile.open(fixture("module_state_dict.expected.safetensors"))) {
            TorchCheckpointGoldenTest.assertIdentical(expected, bin);
            assertEquals(Set.of("proj.weight", "proj.bias", "norm.weight", "norm.bias"), bin.names());
        }
    }

    @Test
    void conversionOfTorchWrittenViewsMatchesTorch(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("layouts.safetensors");
        assertEquals(17, TorchToSafetensors.convert(fixture("layouts.bin"), out));
        try (SafetensorsFile converted = SafetensorsFile.open(out);
             SafetensorsFile expected = SafetensorsFile.open(fixture("layouts.expected.safetensors"))) {
            TorchCheckpointGoldenTest.assertIdentical(expected, converted);
        }
    }
}
