package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public TvltForPreTraining case at Tolerance.MODEL: all expected.* fields, and the aux.* values
 * the output exposes (MAE label masks and ids_restore exactly, the separate loss terms).
 */
class TvltForPreTrainingGoldenTest {

    private static final Map<String, TvltForPreTraining> MODELS = new HashMap<>();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny-pretraining", "pretraining_eval_matching"),
                Arguments.of("tiny-pretraining", "pretraining_train_cls_mask_quirk"),
                Arguments.of("tiny-pretraining", "pretraining_train_loss"),
                Arguments.of("tiny-pretraining", "pretraining_train_nomask_hidden_attn"),
                Arguments.of("tiny-pretraining-patch-meanpool", "pretraining_train_patchlevel"));
    }

    static synchronized TvltForPreTraining model(String checkpoint) {
        return MODELS.computeIfAbsent(checkpoint,
                k -> TvltForPreTraining.fromPretrained(GoldenFiles.resolve("models/" + k)));
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(TvltForPreTraining::close);
        MODELS.clear();
    }

    /** The case's call: arguments named in its metadata, stored noise, train mode = reconstruct. */
    static TvltForPreTrainingInput input(GoldenCase c) {
        JsonNode meta = c.meta();
        JsonNode call = meta.path("call");
        return TvltForPreTrainingInput.builder()
                .pixelValues(GoldenModelCases.tensor(c, "input.pixel_values"))
                .audioValues(GoldenModelCases.tensor(c, "input.audio_values"))
                .pixelMask(argument(c, call, "pixel_mask"))
                .audioMask(argument(c, call, "audio_mask"))
                .pixelValuesMixed(argument(c, call, "pixel_values_mixed"))
                .pixelMaskMixed(argument(c, call, "pixel_mask_mixed"))
                .labels(argument(c, call, "labels"))
                .outputHiddenStates(call.path("output_hidden_states").asBoolean(false))
                .outputAttentions(call.path("output_attentions").asBoolean(false))
                .pixelMaskNoise(GoldenModelCases.optional(c, "input.pixel_mask_noise"))
                .audioMaskNoise(GoldenModelCases.optional(c, "input.audio_mask_noise"))
                .reconstruct("train".equals(meta.path("mode").asText()))
                .build();
    }

    private static FloatTensor argument(GoldenCase c, JsonNode call, String name) {
        JsonNode v = call.path(name);
        return v.isTextual() ? GoldenModelCases.tensor(c, v.asText()) : null;
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void matchesReference(String checkpoint, String caseName) {
        try (GoldenCase c = GoldenCase.open("models/" + checkpoint + "/cases/" + caseName + ".safetensors")) {
            assertEquals("TvltForPreTraining", c.meta().path("class").asText());
            TvltForPreTrainingOutput out = model(checkpoint).forward(input(c));
            int compared = 0;
            for (String key : c.keys("expected.")) {
                String field = key.substring("expected.".length());
                if (field.startsWith("hidden_states.")) {
                    assertClose(c, key, out.hiddenStates().get(index(field)));
                } else if (field.startsWith("attentions.")) {
                    assertClose(c, key, out.attentions().get(index(field)));
                } else {
                    assertClose(c, key, switch (field) {
                        case "loss" -> out.loss();
                        case "matching_logits" -> out.matchingLogits();
                        case "pixel_logits" -> out.pixelLogits();
                        case "audio_logits" -> out.audioLogits();
                        default -> fail("no TvltForPreTraining output field for " + key);
                    });
                }
                compared++;
            }
            assertTrue(compared > 0);
            assertEquals(c.keys("expected.hidden_states.").size(), out.hiddenStates().size(), "hidden_states count");
            assertEquals(c.keys("expected.attentions.").size(), out.attentions().size(), "attentions count");
            assertEquals(c.has("expected.pixel_logits"), out.pixelLogits().isPresent());
            assertEquals(c.has("expected.audio_logits"), out.audioLogits().isPresent());
            assertAux(c, out);
        }
    }

    private static void assertAux(GoldenCase c, TvltForPreTrainingOutput out) {
        assertEquals(c.has("aux.mae.pixel_label_masks"), out.pixelLabelMasks().isPresent());
        if (c.has("aux.mae.pixel_label_masks")) {
            assertExact(c, "aux.mae.pixel_label_masks", out.pixelLabelMasks().get());
            assertExact(c, "aux.mae.audio_label_masks", out.audioLabelMasks().get());
            assertExactLong(c, "aux.mae.pixel_ids_restore", out.pixelIdsRestore());
            assertExactLong(c, "aux.mae.audio_ids_restore", out.audioIdsRestore());
            assertClose(c, "aux.loss.pixel_mae", out.pixelMaeLoss());
            assertClose(c, "aux.loss.audio_mae", out.audioMaeLoss());
        }
        assertEquals(c.has("aux.loss.matching"), out.matchingLoss().isPresent());
        if (c.has("aux.loss.matching")) {
            assertClose(c, "aux.loss.matching", out.matchingLoss());
        }
    }

    private static int index(String field) {
        return Integer.parseInt(field.substring(field.indexOf('.') + 1));
    }

    private static void assertClose(GoldenCase c, String key, Optional<FloatTensor> actual) {
        assertClose(c, key, actual.orElseThrow(() -> new AssertionError(key + " expected but absent")));
    }

    private static void assertClose(GoldenCase c, String key, FloatTensor actual) {
        c.assertClose(key, actual.data(), actual.shape(), Tolerance.MODEL);
    }

    private static void assertExact(GoldenCase c, String key, FloatTensor actual) {
        c.assertClose(key, actual.data(), actual.shape(), Tolerance.EXACT);
    }

    private static void assertExactLong(GoldenCase c, String key, Optional<LongTensor> actual) {
        LongTensor t = actual.orElseThrow(() -> new AssertionError(key + " expected but absent"));
        c.assertExact(key, t.data(), t.shape());
    }

}
