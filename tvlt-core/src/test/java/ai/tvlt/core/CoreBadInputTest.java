package ai.tvlt.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.config.TvltProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.core.tensor.Shapes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input through every public entry point of tvlt-core (tensors, shape helpers, the model and processor
 * configurations from JSON and from builders): null, empty, NaN/Inf, wrong rank and shape, out-of-range and
 * mistyped values. Each row names the call, the exception type and the fragments its message must contain:
 * the argument (or JSON key) and what was expected.
 */
class CoreBadInputTest {

    /** One row: a call that must fail with {@code type} and a message containing every fragment. */
    record Row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
    }

    private static Row row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
        return new Row(name, call, type, fragments);
    }

    static List<Row> rows() {
        return List.of(
                row("FloatTensor(null)", () -> new FloatTensor(null, 2), InvalidInputException.class,
                        "data", "null"),
                row("FloatTensor.wrap(null)", () -> FloatTensor.wrap(null, 2), InvalidInputException.class,
                        "data", "null"),
                row("FloatTensor(data, null shape)", () -> new FloatTensor(new float[2], (long[]) null),
                        InvalidInputException.class, "shape", "null"),
                row("FloatTensor length != shape", () -> new FloatTensor(new float[3], 2, 2),
                        InvalidInputException.class, "[2, 2]", "4", "3"),
                row("FloatTensor negative dim", () -> FloatTensor.wrap(new float[0], -1, 0),
                        InvalidInputException.class, "negative dimension", "[-1, 0]"),
                row("FloatTensor.zeros too large", () -> FloatTensor.zeros(1 << 20, 1 << 20),
                        InvalidInputException.class, "[1048576, 1048576]"),
                row("FloatTensor.dim(axis out of range)", () -> FloatTensor.zeros(2, 3).dim(2),
                        InvalidInputException.class, "axis 2", "[2, 3]"),
                row("LongTensor(null)", () -> new LongTensor(null, 2), InvalidInputException.class, "data", "null"),
                row("LongTensor length != shape", () -> new LongTensor(new long[5], 2, 3),
                        InvalidInputException.class, "[2, 3]", "6", "5"),
                row("Shapes.numel overflow", () -> Shapes.numel(Long.MAX_VALUE, 2), InvalidInputException.class,
                        "too many elements"),
                row("Shapes.checkRank", () -> Shapes.checkRank("pixel_values", new long[] {1, 2}, 5, "[B, T, C, H, W]"),
                        InvalidInputException.class, "pixel_values", "rank 5", "[1, 2]"),

                row("TvltConfig.fromJson(null text)", () -> TvltConfig.fromJson((String) null),
                        InvalidInputException.class, "json"),
                row("TvltConfig.fromJson(empty)", () -> TvltConfig.fromJson(""), ConfigException.class, "JSON"),
                row("TvltConfig.fromJson(array)", () -> TvltConfig.fromJson("[1]"), ConfigException.class,
                        "object"),
                row("TvltConfig.fromJson(NaN)", () -> TvltConfig.fromJson("{\"layer_norm_eps\": NaN}"),
                        ConfigException.class, "NaN"),
                row("TvltConfig hidden_size text", () -> TvltConfig.fromJson("{\"hidden_size\": \"big\"}"),
                        ConfigException.class, "hidden_size", "integer"),
                row("TvltConfig hidden_size negative", () -> TvltConfig.fromJson("{\"hidden_size\": -8}"),
                        ConfigException.class, "hidden_size", "positive"),
                row("TvltConfig heads do not divide hidden", () -> TvltConfig.fromJson(
                        "{\"hidden_size\": 30, \"num_attention_heads\": 4}"), ConfigException.class,
                        "hidden_size", "num_attention_heads"),
                row("TvltConfig layer_norm_eps zero", () -> TvltConfig.fromJson("{\"layer_norm_eps\": 0}"),
                        ConfigException.class, "layer_norm_eps"),
                row("TvltConfig patch size rank", () -> TvltConfig.fromJson("{\"image_patch_size\": [16]}"),
                        ConfigException.class, "image_patch_size"),
                row("TvltConfig image not divisible by patch", () -> TvltConfig.fromJson(
                        "{\"image_size\": 100, \"image_patch_size\": [16, 16]}"), ConfigException.class,
                        "image_size", "image_patch_size"),
                row("TvltConfig audio_mask_type unknown", () -> TvltConfig.fromJson(
                        "{\"audio_mask_type\": \"bogus\"}"), ConfigException.class, "audio_mask_type", "bogus"),
                row("TvltConfig mask ratio above 1", () -> TvltConfig.fromJson("{\"pixel_mask_ratio\": 1.5}"),
                        ConfigException.class, "pixel_mask_ratio"),
                row("TvltConfig num_frames zero", () -> TvltConfig.fromJson("{\"num_frames\": 0}"),
                        ConfigException.class, "num_frames"),
                row("TvltConfig builder", () -> TvltConfig.builder().numHiddenLayers(-1).build(),
                        ConfigException.class, "num_hidden_layers"),
                row("TvltConfig.fromJson(missing file)", () -> TvltConfig.fromJson(Path.of("/no/such/config.json")),
                        ConfigException.class, "/no/such/config.json"),
                row("TvltConfig.fromJson(stream of garbage)", () -> TvltConfig.fromJson(
                        new ByteArrayInputStream("{\"hidden_size\":".getBytes(StandardCharsets.UTF_8))),
                        ConfigException.class, "JSON"),

                row("TvltProcessorConfig sampling_rate zero", () -> TvltProcessorConfig.fromJson(
                        "{\"sampling_rate\": 0}"), ConfigException.class, "sampling_rate"),
                row("TvltProcessorConfig image_std zero", () -> TvltProcessorConfig.fromJson(
                        "{\"image_std\": [0, 0.5, 0.5]}"), ConfigException.class, "image_std[0]", "zero"),
                row("TvltProcessorConfig mean/std lengths", () -> TvltProcessorConfig.fromJson(
                        "{\"image_mean\": [0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}"), ConfigException.class,
                        "image_mean", "image_std"),
                row("TvltProcessorConfig resample unknown", () -> TvltProcessorConfig.fromJson(
                        "{\"resample\": 9}"), ConfigException.class, "resample"),
                row("TvltProcessorConfig not an object", () -> TvltProcessorConfig.fromJson("\"x\""),
                        ConfigException.class, "object"),
                row("TvltFeatureExtractorConfig patch pair", () -> TvltFeatureExtractorConfig.builder()
                        .patchSize(16).build(), ConfigException.class, "patch_size"),
                row("TvltFeatureExtractorConfig n_fft zero", () -> TvltFeatureExtractorConfig.builder()
                        .nFft(0).build(), ConfigException.class, "n_fft"),
                row("TvltImageProcessorConfig rescale NaN", () -> TvltImageProcessorConfig.builder()
                        .rescaleFactor(Double.NaN).build(), ConfigException.class, "rescale_factor"),
                row("TvltImageProcessorConfig mean Inf", () -> TvltImageProcessorConfig.builder()
                        .imageMean(Double.POSITIVE_INFINITY, 0, 0).build(), ConfigException.class, "image_mean[0]"));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRejectedWithAMessageNamingTheArgument() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Throwable e = assertThrows(r.type(), r.call(), r.name());
            String message = String.valueOf(e.getMessage());
            for (String fragment : r.fragments()) {
                assertTrue(message.contains(fragment), () -> r.name() + ": '" + fragment + "' not in: " + message);
            }
        }));
    }
}
