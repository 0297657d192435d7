package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.Tolerance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Builds TvltModel inputs from golden case files and compares every expected tensor. */
final class GoldenModelCases {

    private GoldenModelCases() {
    }

    static FloatTensor tensor(GoldenCase c, String key) {
        return FloatTensor.wrap(c.floats(key), c.shape(key));
    }

    static FloatTensor optional(GoldenCase c, String key) {
        return c.has(key) ? tensor(c, key) : null;
    }

    /** The case's TvltModel call: inputs, flags and stored noise. */
    static TvltModelInput input(GoldenCase c) {
        JsonNode call = c.meta().path("call");
        return TvltModelInput.builder()
                .pixelValues(tensor(c, "input.pixel_values"))
                .audioValues(tensor(c, "input.audio_values"))
                .pixelMask(call.path("pixel_mask").isNull() || call.path("pixel_mask").isMissingNode()
                        ? null : optional(c, "input.pixel_mask"))
                .audioMask(call.path("audio_mask").isNull() || call.path("audio_mask").isMissingNode()
                        ? null : optional(c, "input.audio_mask"))
                .maskPixel(call.path("mask_pixel").asBoolean(false))
                .maskAudio(call.path("mask_audio").asBoolean(false))
                .outputHiddenStates(call.path("output_hidden_states").asBoolean(false))
                .outputAttentions(call.path("output_attentions").asBoolean(false))
                .pixelMaskNoise(optional(c, "input.pixel_mask_noise"))
                .audioMaskNoise(optional(c, "input.audio_mask_noise"))
                .build();
    }

    /** Compares every {@code expected.*} tensor of the case with the output. */
    static void assertMatches(GoldenCase c, TvltModelOutput out) {
        int compared = 0;
        for (String key : c.keys("expected.")) {
            String field = key.substring("expected.".length());
            if (field.startsWith("hidden_states.")) {
                int i = Integer.parseInt(field.substring("hidden_states.".length()));
                assertClose(c, key, out.hiddenStates().get(i));
                assertEquals(count(c, "expected.hidden_states."), out.hiddenStates().size(), "hidden_states count");
            } else if (field.startsWith("attentions.")) {
                int i = Integer.parseInt(field.substring("attentions.".length()));
                assertClose(c, key, out.attentions().get(i));
                assertEquals(count(c, "expected.attentions."), out.attentions().size(), "attentions count");
            } else {
                switch (field) {
                    case "last_hidden_state" -> assertClose(c, key, out.lastHiddenState());
                    case "last_pixel_hidden_state" -> assertClose(c, key, out.lastPixelHiddenState());
                    case "last_audio_hidden_state" -> assertClose(c, key, out.lastAudioHiddenState());
                    case "pixel_label_masks" -> assertExactFloat(c, key, out.pixelLabelMasks());
                    case "audio_label_masks" -> assertExactFloat(c, key, out.audioLabelMasks());
                    case "pixel_ids_restore" -> assertExactLong(c, key, out.pixelIdsRestore());
                    case "audio_ids_restore" -> assertExactLong(c, key, out.audioIdsRestore());
                    default -> fail("no TvltModel output field for " + key);
                }
            }
            compared++;
        }
        if (compared == 0) {
            fail(c + " has no expected tensors");
        }
        if (!c.has("expected.hidden_states.0")) {
            assertEquals(List.of(), out.hiddenStates());
        }
        if (!c.has("expected.attentions.0")) {
            assertEquals(List.of(), out.attentions());
        }
    }

    private static int count(GoldenCase c, String prefix) {
        return c.keys(prefix).size();
    }

    private static void assertClose(GoldenCase c, String key, FloatTensor actual) {
        c.assertClose(key, actual.data(), actual.shape(), Tolerance.MODEL);
    }

    private static void assertExactFloat(GoldenCase c, String key, Optional<FloatTensor> actual) {
        FloatTensor t = actual.orElseThrow(() -> new AssertionError(key + " expected but absent"));
        c.assertClose(key, t.data(), t.shape(), Tolerance.EXACT);
    }

    private static void assertExactLong(GoldenCase c, String key, Optional<LongTensor> actual) {
        LongTensor t = actual.orElseThrow(() -> new AssertionError(key + " expected but absent"));
        c.assertExact(key, t.data(), t.shape());
    }
}
