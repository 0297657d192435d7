package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading problems are all reported together; nothing loads partially. */
class ParameterBindingTest {

    private static final Path TINY = GoldenFiles.resolve("models/tiny-pretraining");

    @Test
    void reportsMissingUnexpectedAndMisShapedKeysInOneException(@TempDir Path dir) throws IOException {
        String missing = "encoder.layer.1.attention.attention.key.bias";
        String misShaped = "audio_embeddings.freq_embed";
        SafetensorsWriter w = new SafetensorsWriter();
        try (TensorStore src = SafetensorsFile.open(TINY.resolve("model.safetensors"))) {
            for (String key : src.names()) {
                if (!key.startsWith("tvlt.")) {
                    continue;
                }
                String bare = key.substring("tvlt.".length());
                if (bare.equals(missing)) {
                    continue;
                }
                long[] shape = src.info(key).shape();
                float[] values = src.readFloats(key);
                if (bare.equals(misShaped)) {
                    shape = new long[] {1, shape[1] - 1, shape[2]};
                    values = java.util.Arrays.copyOf(values, (int) (shape[1] * shape[2]));
                }
                w.putFloats(bare, shape, values);
            }
        }
        w.putFloats("encoder.layer.7.output.dense.bias", new long[] {32}, new float[32]);
        w.putFloats("pooler.dense.weight", new long[] {2, 2}, new float[4]);
        w.write(dir.resolve("model.safetensors"));
        Files.copy(TINY.resolve("config.json"), dir.resolve("config.json"));

        WeightLoadingException e = assertThrows(WeightLoadingException.class, () -> TvltModel.fromPretrained(dir));
        String m = e.getMessage();
        assertTrue(m.contains("missing " + missing), m);
        assertTrue(m.contains("shape mismatch " + misShaped + ": checkpoint [1, 3, 32], model [1, 4, 32]"), m);
        assertTrue(m.contains("unexpected encoder.layer.7.output.dense.bias"), m);
        assertTrue(m.contains("unexpected pooler.dense.weight"), m);
        assertTrue(m.contains("4 problem(s)"), m);
    }

    @Test
    void headCheckpointKeysOutsideThePrefixAreIgnored() {
        try (TensorStore store = SafetensorsFile.open(TINY.resolve("model.safetensors"))) {
            assertEquals("tvlt.", TvltModel.detectPrefix(store));
        }
        try (TensorStore store = SafetensorsFile.open(GoldenFiles.resolve("models/small-realistic/model.safetensors"))) {
            assertEquals("", TvltModel.detectPrefix(store));
        }
        // tiny-pretraining holds decoder and head keys next to tvlt.*: they do not make the load fail.
        TvltModel.fromPretrained(TINY).close();
    }

    @Test
    void meanPoolingConfigRejectsAFinalLayerNormItDoesNotHave(@TempDir Path dir) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        Path meanpool = GoldenFiles.resolve("models/tiny-pretraining-patch-meanpool");
        try (TensorStore src = SafetensorsFile.open(meanpool.resolve("model.safetensors"))) {
            for (String key : src.names()) {
                w.putFloats(key, src.info(key).shape(), src.readFloats(key));
            }
        }
        w.putFloats("tvlt.layernorm.weight", new long[] {32}, new float[32]);
        w.write(dir.resolve("model.safetensors"));
        Files.copy(meanpool.resolve("config.json"), dir.resolve("config.json"));
        WeightLoadingException e = assertThrows(WeightLoadingException.class, () -> TvltModel.fromPretrained(dir));
        assertTrue(e.getMessage().contains("unexpected tvlt.layernorm.weight"), e.getMessage());
    }

    @Test
    void aHeadBindingCanLeaveTheEncoderKeysToTheModel() {
        try (TensorStore store = SafetensorsFile.open(GoldenFiles.resolve("models/tiny-classification/model.safetensors"))) {
            ParameterBinding head = new ParameterBinding(store, "");
            head.floats("classifier.0.bias", 64);
            head.floats("classifier.1.weight", 64);
            head.floats("classifier.1.bias", 64);
            head.floats("classifier.3.bias", 3);
            head.matrix("classifier.0.weight", 64, 32).close();
            head.matrix("classifier.3.weight", 3, 64).close();
            WeightLoadingException e = assertThrows(WeightLoadingException.class, head::finish);
            assertTrue(e.getMessage().contains("unexpected tvlt.cls_embedding"), e.getMessage());
            head.boundElsewhere("tvlt.");
            head.finish();
        }
    }

    @Test
    void f32MatricesAreUsedInPlaceFromTheMappedFileAndOutliveTheStore(@TempDir Path dir) throws IOException {
        float[] values = new float[6 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 3f;
        }
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter().putFloats("w", new long[] {6, 5}, values)
                .putFloatsAs("h", DType.F16, new long[] {6, 5}, values).write(file);
        INDArray mapped;
        INDArray widened;
        long fileAddress;
        try (TensorStore store = SafetensorsFile.open(file)) {
            ParameterBinding p = new ParameterBinding(store, "");
            fileAddress = new BytePointer(store.rawData("w")).address();
            mapped = p.matrix("w", 6, 5);
            widened = p.matrix("h", 6, 5);
            p.finish();
        }
        // The F32 tensor is the file's own bytes (no copy); the F16 one had to be widened into a copy.
        assertEquals(fileAddress, mapped.data().addressPointer().address());
        assertNotEquals(fileAddress, widened.data().addressPointer().address());
        // The store is closed and unreachable: the array still holds the mapping.
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertArrayEquals(values, mapped.data().asFloat());
        assertArrayEquals(values, widened.data().asFloat());
        assertEquals(5f * 0.25f - 3f, mapped.getFloat(1, 0));
        // Closing frees ND4J's wrapper only, never the mapped memory (which would abort the process).
        mapped.close();
        widened.close();
        try (TensorStore store = SafetensorsFile.open(file)) {
            assertArrayEquals(values, store.readFloats("w"));
        }
    }
}
