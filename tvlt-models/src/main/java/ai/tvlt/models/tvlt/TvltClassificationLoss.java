package ai.tvlt.models.tvlt;

/**
 * The losses of {@code TvltForAudioVisualClassification}, chosen by {@code loss_type}:
 * {@code CrossEntropyLoss()} (mean over the samples whose label is not {@value #IGNORE_INDEX}) and
 * {@code MSELoss()} (mean over every element). Accumulated in float64. Stateless.
 */
final class TvltClassificationLoss {

    /** {@code CrossEntropyLoss}'s default {@code ignore_index}: such samples do not count. */
    static final long IGNORE_INDEX = -100;

    private TvltClassificationLoss() {
    }

    /**
     * @param logits [B, numLabels] row-major
     * @param labels [B] class ids in [0, numLabels) or {@link #IGNORE_INDEX}
     * @param numLabels classes
     * @return the mean of {@code logsumexp(x) - x[label]}; NaN when every label is ignored, as in the
     *     reference
     */
    static float crossEntropy(float[] logits, long[] labels, int numLabels) {
        double sum = 0;
        int counted = 0;
        for (int b = 0; b < labels.length; b++) {
            if (labels[b] == IGNORE_INDEX) {
                continue;
            }
            int base = b * numLabels;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < numLabels; j++) {
                max = Math.max(max, logits[base + j]);
            }
            double exp = 0;
            for (int j = 0; j < numLabels; j++) {
                exp += Math.exp(logits[base + j] - max);
            }
            sum += max + Math.log(exp) - logits[base + (int) labels[b]];
            counted++;
        }
        return (float) (sum / counted);
    }

    /**
     * @param logits predictions, row-major
     * @param labels targets of the same shape
     * @return the mean squared error
     */
    static float meanSquaredError(float[] logits, float[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double d = (double) logits[i] - labels[i];
            sum += d * d;
        }
        return (float) (sum / logits.length);
    }
}
