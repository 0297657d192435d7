package ai.tvlt.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.TensorInfo;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden tiny-pretraining pytorch_model.bin against its model.safetensors: bit-for-bit equal. */
class TorchCheckpointGoldenTest {

    private static final String FOLDER = "models/tiny-pretraining/";

    @Test
    void pytorchBinHoldsTheSameTensorsAsSafetensors() {
        try (TorchCheckpoint bin = TorchCheckpoint.open(GoldenFiles.resolve(FOLDER + "pytorch_model.bin"));
             SafetensorsFile st = SafetensorsFile.open(GoldenFiles.resolve(FOLDER + "model.safetensors"))) {
            assertEquals(81, bin.names().size());
            assertIdentical(st, bin);
            for (String name : bin.names()) {
                assertTrue(bin.isContiguous(name), name);
                assertTrue(bin.rawData(name).isReadOnly(), name);
            }
        }
    }

    @Test
    void conversionRoundTripIsIdentical(@TempDir Path tmp) {
        Path out = tmp.resolve("converted.safetensors");
        int written = TorchToSafetensors.convert(GoldenFiles.resolve(FOLDER + "pytorch_model.bin"), out);
        try (SafetensorsFile converted = SafetensorsFile.open(out);
             SafetensorsFile golden = SafetensorsFile.open(GoldenFiles.resolve(FOLDER + "model.safetensors"))) {
            assertEquals(81, written);
            assertIdentical(golden, converted);
            assertEquals("pt", converted.metadata().get("format"));
        }
    }

    /** Same names, dtypes, shapes and bytes. */
    static void assertIdentical(TensorStore expected, TensorStore actual) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            TensorInfo e = expected.info(name);
            TensorInfo a = actual.info(name);
            assertEquals(e.dtype(), a.dtype(), name);
            assertArrayEquals(e.shape(), a.shape(), name);
            assertEquals(e.byteSize(), a.byteSize(), name);
            assertEquals(expected.rawData(name), actual.rawData(name), "bytes of " + name);
        }
    }
}
