package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bare model loaded from classification checkpoints (prefix {@code tvlt.}, head keys ignored), with
 * F32, F16 and BF16 weights: the classifier's input {@code aux.classifier_input} must equal
 * {@code last_hidden_state[:, 0]}, and the encoder's hidden states / attentions the expected ones.
 */
class HeadCheckpointEncoderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny-classification", "classification_hidden_attn"),
                Arguments.of("tiny-classification", "classification_labels_batch2"),
                Arguments.of("tiny-classification-f16", "classification_labels_batch2"),
                Arguments.of("tiny-classification-bf16", "classification_labels_batch2"),
                Arguments.of("tiny-regression", "regression_labels_batch2"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void classifierInputIsClsRow(String checkpoint, String caseName) {
        try (TvltModel model = TvltModel.fromPretrained(GoldenFiles.resolve("models/" + checkpoint));
                GoldenCase c = GoldenCase.open("models/" + checkpoint + "/cases/" + caseName + ".safetensors")) {
            TvltModelOutput out = model.forward(GoldenModelCases.input(c));
            FloatTensor last = out.lastHiddenState();
            int batch = (int) last.dim(0);
            int seq = (int) last.dim(1);
            int d = (int) last.dim(2);
            float[] all = last.data();
            float[] cls = new float[batch * d];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(all, b * seq * d, cls, b * d, d);
            }
            c.assertClose("aux.classifier_input", cls, new long[] {batch, d}, Tolerance.MODEL);
            int hidden = c.keys("expected.hidden_states.").size();
            int attentions = c.keys("expected.attentions.").size();
            assertEquals(hidden, out.hiddenStates().size());
            assertEquals(attentions, out.attentions().size());
            for (int i = 0; i < hidden; i++) {
                FloatTensor h = out.hiddenStates().get(i);
                c.assertClose("expected.hidden_states." + i, h.data(), h.shape(), Tolerance.MODEL);
            }
            for (int i = 0; i < attentions; i++) {
                FloatTensor a = out.attentions().get(i);
                c.assertClose("expected.attentions." + i, a.data(), a.shape(), Tolerance.MODEL);
            }
            assertTrue(c.has("aux.classifier_input"));
        }
    }
}
