package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public TvltModel golden case at Tolerance.MODEL (ids and label masks exact). */
class TvltModelGoldenTest {

    private static final Map<String, TvltModel> MODELS = new HashMap<>();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny-pretraining", "tvltmodel_basic"),
                Arguments.of("tiny-pretraining", "tvltmodel_fewer_frames_ragged_audio"),
                Arguments.of("tiny-pretraining", "tvltmodel_mask_pixel_audio"),
                Arguments.of("tiny-pretraining", "tvltmodel_padded_batch2_hidden_attn"),
                Arguments.of("tiny-pretraining-patch-meanpool", "tvltmodel_basic_meanpool"),
                Arguments.of("small-realistic", "encoder_8frames_audio400"),
                Arguments.of("small-realistic", "encoder_batch2_padded"),
                Arguments.of("small-realistic", "encoder_masked_ties"));
    }

    static synchronized TvltModel model(String checkpoint) {
        return MODELS.computeIfAbsent(checkpoint,
                k -> TvltModel.fromPretrained(GoldenFiles.resolve("models/" + k)));
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(TvltModel::close);
        MODELS.clear();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void matchesReference(String checkpoint, String caseName) {
        try (GoldenCase c = GoldenCase.open("models/" + checkpoint + "/cases/" + caseName + ".safetensors")) {
            assertEquals("TvltModel", c.meta().path("class").asText());
            TvltModelOutput out = model(checkpoint).forward(GoldenModelCases.input(c));
            GoldenModelCases.assertMatches(c, out);
        }
    }
}
