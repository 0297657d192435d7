package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * TvltDecoder alone, loaded from the decoder.* keys of tiny-pretraining: case decoder_direct (logits,
 * hidden states, attentions) and the decoder inputs/outputs captured inside the pre-training cases.
 */
class TvltDecoderGoldenTest {

    private static TvltDecoder decoder;

    @BeforeAll
    static void load() {
        decoder = TvltDecoder.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    @Test
    void decoderDirect() {
        try (GoldenCase c = GoldenCase.open("models/tiny-pretraining/cases/decoder_direct.safetensors")) {
            TvltDecoderOutput out = decoder.forward(GoldenModelCases.tensor(c, "input.hidden_states"), true, true);
            assertClose(c, "expected.logits", out.logits());
            int hidden = c.keys("expected.hidden_states.").size();
            int attentions = c.keys("expected.attentions.").size();
            assertEquals(hidden, out.hiddenStates().size());
            assertEquals(attentions, out.attentions().size());
            for (int i = 0; i < hidden; i++) {
                assertClose(c, "expected.hidden_states." + i, out.hiddenStates().get(i));
            }
            for (int i = 0; i < attentions; i++) {
                assertClose(c, "expected.attentions." + i, out.attentions().get(i));
            }
        }
    }

    /** The decoder computes in float32 only: bf16 load options are refused, not silently run in float32. */
    @Test
    void bf16IsRefusedNotIgnored() {
        LoadOptions bf16 = LoadOptions.builder().precision(Precision.BF16).build();
        java.nio.file.Path checkpoint = GoldenFiles.resolve("models/tiny-pretraining");
        String message = assertThrows(InvalidInputException.class,
                () -> TvltDecoder.fromPretrained(checkpoint, bf16)).getMessage();
        assertTrue(message.contains("TvltDecoder computes in float32 only") && message.contains("precision bf16"),
                message);
        try (TvltDecoder fp32 = TvltDecoder.fromPretrained(checkpoint,
                LoadOptions.builder().precision(Precision.FP32).threads(1).build())) {
            assertEquals(decoder.dims(), fp32.dims());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pretraining_train_loss", "pretraining_train_cls_mask_quirk",
        "pretraining_train_nomask_hidden_attn"})
    void decoderInsidePreTraining(String caseName) {
        try (GoldenCase c = GoldenCase.open("models/tiny-pretraining/cases/" + caseName + ".safetensors")) {
            for (String modality : new String[] {"pixel", "audio"}) {
                FloatTensor in = GoldenModelCases.tensor(c, "aux.decoder." + modality + "_input");
                TvltDecoderOutput out = decoder.forward(in, false, false);
                assertClose(c, "aux.decoder." + modality + "_output", out.logits());
                assertEquals(0, out.hiddenStates().size());
                assertEquals(0, out.attentions().size());
            }
        }
    }

    private static void assertClose(GoldenCase c, String key, FloatTensor actual) {
        c.assertClose(key, actual.data(), actual.shape(), Tolerance.MODEL);
    }
}
