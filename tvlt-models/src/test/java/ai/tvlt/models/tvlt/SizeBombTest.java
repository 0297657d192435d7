package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Size bombs: configs whose sizes are each valid but together impossible are refused from the config
 * alone, before anything is allocated, with one line naming the key; never an OutOfMemoryError.
 */
class SizeBombTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "num_hidden_layers, 1000000000",
        "hidden_size, 1073741824",
        "intermediate_size, 2000000000",
        "image_size, 2147483632",
        "spectrogram_length, 2000000000",
        "frequency_length, 2000000000",
        "num_frames, 2000000000",
    })
    void anEncoderBombIsRefusedNamingTheKey(String key, long value, @TempDir Path dir) throws IOException {
        Path folder = tinyCheckpointWith(dir, key, value);
        String expected = key + "=" + value;
        assertRefused(folder, TvltModel::fromPretrained, expected);
        assertRefused(folder, TvltForPreTraining::fromPretrained, expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"decoder_num_hidden_layers", "decoder_intermediate_size"})
    void aDecoderBombIsRefusedNamingTheKey(String key, @TempDir Path dir) throws IOException {
        Path folder = tinyCheckpointWith(dir, key, 1_000_000_000L);
        assertRefused(folder, TvltForPreTraining::fromPretrained, key + "=1000000000");
        assertRefused(folder, TvltDecoder::fromPretrained, key + "=1000000000");
    }

    @Test
    void aClassifierBombIsRefusedNamingTheKey(@TempDir Path dir) throws IOException {
        Path golden = GoldenFiles.resolve("models/tiny-classification");
        ObjectNode config = (ObjectNode) JSON.readTree(golden.resolve("config.json").toFile());
        config.put("hidden_size", 1_073_741_824L);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(golden.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        assertRefused(dir, TvltForAudioVisualClassification::fromPretrained, "hidden_size=1073741824");
    }

    /** The estimate is the checkpoint's own size for every golden checkpoint (weights only). */
    @ParameterizedTest
    @CsvSource({
        "tiny-pretraining, PRE_TRAINING",
        "tiny-classification, CLASSIFICATION",
        "tiny-regression, CLASSIFICATION",
        "tiny-pretraining-patch-meanpool, PRE_TRAINING",
        "small-realistic, MODEL",
    })
    void theWeightEstimateIsTheCheckpointSize(String name, MemoryEstimate.Scope scope) {
        try (Checkpoint checkpoint = Checkpoint.open(GoldenFiles.resolve("models/" + name))) {
            long floats = 0;
            for (String key : checkpoint.tensors().names()) {
                floats += checkpoint.tensors().info(key).numel();
            }
            MemoryEstimate estimate = MemoryEstimate.of(checkpoint.config(), scope, 1);
            double weights = estimate.heapWeightBytes() + estimate.nativeWeightBytes();
            double ratio = weights / (4.0 * floats);
            assertTrue(ratio > 0.97 && ratio < 1.03, name + ": estimate " + weights + " bytes, checkpoint "
                    + 4 * floats + " bytes as float32");
        }
    }

    @Test
    void realisticConfigsLoad() {
        // tvlt-base (the defaults): the pre-training model with its decoder fits a 4 GB test JVM easily.
        ModelMemory.require(TvltConfig.defaults(), MemoryEstimate.Scope.PRE_TRAINING);
        MemoryEstimate base = MemoryEstimate.of(TvltConfig.defaults(), MemoryEstimate.Scope.PRE_TRAINING, 2);
        double weights = base.heapWeightBytes() + base.nativeWeightBytes();
        // ZinengTang/tvlt-base's pytorch_model.bin is 452 MB of float32 weights.
        assertTrue(weights > 430e6 && weights < 470e6, "tvlt-base weights estimate " + weights);
    }

    @Test
    void aForwardTooLargeForThisJvmIsRefusedBeforeItAllocates() {
        LayerDims base = LayerDims.encoder(TvltConfig.defaults());
        ModelMemory.requireForward(base, 12, 1, 2593, true, false);
        InvalidInputException work = assertThrows(InvalidInputException.class,
                () -> ModelMemory.requireForward(base, 12, 100_000, 2593, false, false));
        assertTrue(work.getMessage().startsWith("a batch of 100000 with 2593 tokens each needs ~")
                && work.getMessage().contains("native working memory"), work.getMessage());
        // tvlt-base attentions: 12 layers of [B, 12, 2593, 2593] float32 are 3.9 GB per sample
        long heap = Runtime.getRuntime().maxMemory();
        int batch = (int) Math.min(1000, heap / 3_800_000_000L + 1);
        InvalidInputException outputs = assertThrows(InvalidInputException.class,
                () -> ModelMemory.requireForward(base, 12, batch, 2593, false, true));
        assertTrue(outputs.getMessage().contains("with attentions need ~")
                && outputs.getMessage().contains("of Java heap"), outputs.getMessage());
    }

    private static void assertRefused(Path folder, Function<Path, ? extends AutoCloseable> load, String keyValue) {
        ConfigException e = assertThrows(ConfigException.class, () -> {
            try (AutoCloseable model = load.apply(folder)) {
                assertFalse(model == null);
            }
        });
        String m = e.getMessage();
        assertTrue(m.startsWith("config.json: " + keyValue + " needs ~"), m);
        assertTrue(m.contains("more than the"), m);
        assertEquals(-1, m.indexOf('\n'), "one line: " + m);
        assertTrue(m.length() < 200, "short: " + m);
    }

    private static Path tinyCheckpointWith(Path dir, String key, long value) throws IOException {
        Path golden = GoldenFiles.resolve("models/tiny-pretraining");
        ObjectNode config = (ObjectNode) JSON.readTree(golden.resolve("config.json").toFile());
        config.put(key, value);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(golden.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        return dir;
    }
}
