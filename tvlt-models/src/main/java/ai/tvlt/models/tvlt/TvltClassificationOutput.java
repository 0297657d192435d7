package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link TvltForAudioVisualClassification#forward}, with the reference's
 * {@code SequenceClassifierOutput} fields. Heap tensors, immutable and thread-safe.
 *
 * @param loss the 0-d loss (cross-entropy or MSE per {@code loss_type}), when labels were given
 * @param logits [B, num_labels]
 * @param hiddenStates with output_hidden_states: the encoder's, as {@link TvltModelOutput#hiddenStates()};
 *     otherwise empty
 * @param attentions with output_attentions: the encoder's [B, heads, S, S] per layer; otherwise empty
 */
public record TvltClassificationOutput(Optional<FloatTensor> loss, FloatTensor logits, List<FloatTensor> hiddenStates,
        List<FloatTensor> attentions) {

    /** Copies the lists so the record stays immutable. */
    public TvltClassificationOutput {
        hiddenStates = List.copyOf(hiddenStates);
        attentions = List.copyOf(attentions);
    }

    /**
     * The softmax of the logits over the classes (meaningful for a classification head, not for a
     * regression one), computed in float64.
     *
     * @return [B, num_labels], each row summing to 1
     */
    public FloatTensor probabilities() {
        int batch = (int) logits.dim(0);
        int n = (int) logits.dim(1);
        float[] x = logits.data();
        float[] p = new float[x.length];
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, x[b * n + j]);
            }
            double sum = 0;
            double[] e = new double[n];
            for (int j = 0; j < n; j++) {
                e[j] = Math.exp(x[b * n + j] - max);
                sum += e[j];
            }
            for (int j = 0; j < n; j++) {
                p[b * n + j] = (float) (e[j] / sum);
            }
        }
        return FloatTensor.wrap(p, batch, n);
    }
}
