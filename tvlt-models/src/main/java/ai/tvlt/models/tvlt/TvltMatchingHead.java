package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;

/**
 * The vision-audio matching head ({@code matching_head}): {@link TvltPooler} on token 0, then
 * {@code fc} to one logit per sample; and its loss, {@code BCEWithLogitsLoss} (mean). Immutable and
 * thread-safe.
 */
public final class TvltMatchingHead implements AutoCloseable {

    private final TvltPooler pooler;
    private final Linear fc;

    private TvltMatchingHead(TvltPooler pooler, Linear fc) {
        this.pooler = pooler;
        this.fc = fc;
    }

    /**
     * @param p binding at {@code matching_head.}
     * @param hiddenSize {@code hidden_size}
     * @return the bound module
     */
    public static TvltMatchingHead bind(ParameterBinding p, int hiddenSize) {
        TvltPooler pooler = TvltPooler.bind(p.child("pooler."), hiddenSize);
        return new TvltMatchingHead(pooler, new Linear(p.matrix("fc.weight", 1, hiddenSize), p.floats("fc.bias", 1)));
    }

    /**
     * @param sequence the encoder output [B, S, hidden_size] row-major
     * @param batch B
     * @param seqLen S
     * @return the matching logits [B] (the reference's [B, 1])
     */
    public float[] forward(float[] sequence, int batch, int seqLen) {
        int d = fc.inFeatures();
        float[] first = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sequence, b * seqLen * d, first, b * d, d);
        }
        return LinearRows.apply(fc, pooler.forward(first, batch), batch);
    }

    /**
     * {@code BCEWithLogitsLoss()(logits.view(-1), labels.view(-1))}: the mean over samples of
     * {@code max(x, 0) - x y + log(1 + exp(-|x|))}, accumulated in float64.
     *
     * @param logits [B]
     * @param labels [B], each in [0, 1]
     * @return the loss
     */
    public static float loss(float[] logits, float[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double x = logits[i];
            sum += Math.max(x, 0) - x * labels[i] + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return (float) (sum / logits.length);
    }

    @Override
    public void close() {
        pooler.close();
        fc.close();
    }
}
