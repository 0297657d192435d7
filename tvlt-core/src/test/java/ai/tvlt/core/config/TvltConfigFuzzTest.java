package ai.tvlt.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.memory.MemoryLimits;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coverage-guided fuzz target (Jazzer) for {@link TvltConfig#fromJson(String)}: whatever the text,
 * only documented exceptions ({@link TvltException} subclasses, {@link UncheckedIOException}) escape,
 * a config that parses survives a {@code toJson} round trip unchanged, and its memory estimate either
 * fits this JVM or is refused with a {@link ConfigException} (size bombs: huge layer counts and sizes,
 * also in the dictionary). Replays its seeds
 * ({@code TvltConfigFuzzTestInputs/tvltConfigFromJson/}) in a normal {@code mvn test}; fuzzes with
 * {@code -Pfuzz} (see {@code .ci/fuzz}).
 */
class TvltConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"\"num_hidden_layers\"", "\"hidden_size\"", "\"intermediate_size\"",
        "\"image_size\"", "\"spectrogram_length\"", "\"frequency_length\"", "\"num_frames\"",
        "\"decoder_num_hidden_layers\"", "\"decoder_hidden_size\"", "\"decoder_intermediate_size\"",
        "\"image_patch_size\"", "\"audio_patch_size\"", "1000000000", "2147483632", "1073741824"})
    void tvltConfigFromJson(byte[] data) {
        TvltConfig config;
        try {
            config = TvltConfig.fromJson(new String(data, StandardCharsets.UTF_8));
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
            return;
        }
        assertEquals(config, TvltConfig.fromJson(config.toJson()), "toJson round trip");
        for (MemoryEstimate.Scope scope : MemoryEstimate.Scope.values()) {
            MemoryEstimate estimate = MemoryEstimate.of(config, scope, 2);
            assertTrue(estimate.nativeWeightBytes() > 0 && Double.isFinite(estimate.nativeWorkingBytes() + estimate.heapWorkingBytes()
                    + estimate.heapWeightBytes()), "estimate is positive and finite");
            try {
                estimate.requireWithin(MemoryLimits.ofThisJvm());
            } catch (ConfigException refused) {
                assertTrue(refused.getMessage().startsWith("config.json: ") && !refused.getMessage().contains("\n"),
                        refused.getMessage());
            }
        }
    }

    /** The golden configs replay through the target (read from the classpath, not copied as seeds). */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-pretraining", "tiny-pretraining-patch-meanpool", "tiny-classification",
        "tiny-classification-f16", "tiny-classification-bf16", "tiny-regression", "small-realistic"})
    void goldenConfigsPassTheTarget(String model) throws IOException {
        tvltConfigFromJson(Files.readAllBytes(ConfigAssertions.goldenConfig(model)));
    }
}
