package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public TvltForAudioVisualClassification case (F32, F16 and BF16 checkpoints, classification and
 * regression) at Tolerance.MODEL, every expected.* field.
 */
class TvltForAudioVisualClassificationGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny-classification", "classification_labels_batch2"),
                Arguments.of("tiny-classification", "classification_hidden_attn"),
                Arguments.of("tiny-classification-f16", "classification_labels_batch2"),
                Arguments.of("tiny-classification-bf16", "classification_labels_batch2"),
                Arguments.of("tiny-regression", "regression_labels_batch2"));
    }

    /** The case's call; labels are int64 class ids or float targets, as stored. */
    static TvltClassificationInput input(GoldenCase c) {
        JsonNode call = c.meta().path("call");
        TvltClassificationInput.Builder b = TvltClassificationInput.builder()
                .pixelValues(GoldenModelCases.tensor(c, "input.pixel_values"))
                .audioValues(GoldenModelCases.tensor(c, "input.audio_values"))
                .pixelMask(call.path("pixel_mask").isTextual() ? GoldenModelCases.tensor(c, "input.pixel_mask") : null)
                .audioMask(call.path("audio_mask").isTextual() ? GoldenModelCases.tensor(c, "input.audio_mask") : null)
                .outputHiddenStates(call.path("output_hidden_states").asBoolean(false))
                .outputAttentions(call.path("output_attentions").asBoolean(false));
        if (call.path("labels").isTextual()) {
            String key = call.path("labels").asText();
            if (c.file().info(key).dtype() == DType.I64) {
                b.labels(new LongTensor(c.longs(key), c.shape(key)));
            } else {
                b.labels(GoldenModelCases.tensor(c, key));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void matchesReference(String checkpoint, String caseName) {
        try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.fromPretrained(
                GoldenFiles.resolve("models/" + checkpoint));
                GoldenCase c = GoldenCase.open("models/" + checkpoint + "/cases/" + caseName + ".safetensors")) {
            assertEquals("TvltForAudioVisualClassification", c.meta().path("class").asText());
            TvltClassificationOutput out = model.forward(input(c));
            int compared = 0;
            for (String key : c.keys("expected.")) {
                String field = key.substring("expected.".length());
                FloatTensor actual;
                if (field.startsWith("hidden_states.")) {
                    actual = out.hiddenStates().get(Integer.parseInt(field.substring("hidden_states.".length())));
                } else if (field.startsWith("attentions.")) {
                    actual = out.attentions().get(Integer.parseInt(field.substring("attentions.".length())));
                } else {
                    actual = switch (field) {
                        case "loss" -> out.loss().orElseThrow(() -> new AssertionError("loss expected but absent"));
                        case "logits" -> out.logits();
                        default -> fail("no classification output field for " + key);
                    };
                }
                c.assertClose(key, actual.data(), actual.shape(), Tolerance.MODEL);
                compared++;
            }
            assertTrue(compared > 0);
            assertEquals(c.has("expected.loss"), out.loss().isPresent());
            assertEquals(c.keys("expected.hidden_states.").size(), out.hiddenStates().size());
            assertEquals(c.keys("expected.attentions.").size(), out.attentions().size());
        }
    }
}
