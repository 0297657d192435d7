package ai.tvlt.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.TvltException;
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
 * and a config that parses survives a {@code toJson} round trip unchanged. Replays its seeds
 * ({@code TvltConfigFuzzTestInputs/tvltConfigFromJson/}) in a normal {@code mvn test}; fuzzes with
 * {@code -Pfuzz} (see {@code .ci/fuzz}).
 */
class TvltConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void tvltConfigFromJson(byte[] data) {
        TvltConfig config;
        try {
            config = TvltConfig.fromJson(new String(data, StandardCharsets.UTF_8));
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
            return;
        }
        assertEquals(config, TvltConfig.fromJson(config.toJson()), "toJson round trip");
    }

    /** The golden configs replay through the target (read from the classpath, not copied as seeds). */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-pretraining", "tiny-pretraining-patch-meanpool", "tiny-classification",
        "tiny-classification-f16", "tiny-classification-bf16", "tiny-regression", "small-realistic"})
    void goldenConfigsPassTheTarget(String model) throws IOException {
        tvltConfigFromJson(Files.readAllBytes(ConfigAssertions.goldenConfig(model)));
    }
}
