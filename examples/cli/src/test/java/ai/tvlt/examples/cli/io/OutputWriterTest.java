package ai.tvlt.examples.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing results with the reference's names and dtypes, read back with the safetensors reader. */
class OutputWriterTest {

    @Test
    void roundTripKeepsNamesDtypesShapesAndValues(@TempDir Path dir) {
        Path file = dir.resolve("nested/out.safetensors");
        FloatTensor hidden = FloatTensor.wrap(new float[] {1.5f, -2f, 3.25f, 0f, 1e-7f, -0f}, 1, 3, 2);
        LongTensor ids = new LongTensor(new long[] {2, 0, 1, Long.MAX_VALUE}, 2, 2);
        FloatTensor labelMasks = FloatTensor.wrap(new float[] {1, 0, 0, 1}, 2, 2);
        OutputWriter.forInference()
                .floats("last_hidden_state", hidden)
                .longs("pixel_ids_restore", ids)
                .floats("pixel_label_masks", labelMasks)
                .scalar("loss", 0.6931472f)
                .sequence("hidden_states", List.of(hidden, labelMasks))
                .metadata("producer", "test")
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Set.of("output.last_hidden_state", "output.pixel_ids_restore", "output.pixel_label_masks",
                    "output.loss", "output.hidden_states.0", "output.hidden_states.1"), f.names());
            assertEquals(DType.F32, f.info("output.last_hidden_state").dtype());
            assertArrayEquals(new long[] {1, 3, 2}, f.info("output.last_hidden_state").shape());
            assertArrayEquals(hidden.data(), f.readFloats("output.last_hidden_state"));
            assertEquals(DType.I64, f.info("output.pixel_ids_restore").dtype());
            assertArrayEquals(ids.data(), f.readLongs("output.pixel_ids_restore"));
            assertEquals(DType.F32, f.info("output.pixel_label_masks").dtype());
            assertEquals(DType.F32, f.info("output.loss").dtype());
            assertArrayEquals(new long[0], f.info("output.loss").shape());
            assertArrayEquals(new float[] {0.6931472f}, f.readFloats("output.loss"));
            assertArrayEquals(labelMasks.data(), f.readFloats("output.hidden_states.1"));
            assertEquals("test", f.metadata().get("producer"));
        }
    }

    @Test
    void bareWriterUsesPlainNames(@TempDir Path dir) {
        Path file = dir.resolve("pre.safetensors");
        OutputWriter.bare()
                .floats("audio_values", FloatTensor.zeros(1, 1, 16, 8))
                .longs("pixel_mask", new LongTensor(new long[] {1, 1, 0}, 1, 3))
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Set.of("audio_values", "pixel_mask"), f.names());
            assertEquals(DType.I64, f.info("pixel_mask").dtype());
        }
    }

    @Test
    void duplicateAndEmptyOutputsAreRejected(@TempDir Path dir) {
        OutputWriter w = OutputWriter.forInference().scalar("loss", 1f);
        assertThrows(InvalidInputException.class, () -> w.scalar("loss", 2f));
        assertThrows(InvalidInputException.class, () -> OutputWriter.bare().write(dir.resolve("empty.safetensors")));
    }
}
