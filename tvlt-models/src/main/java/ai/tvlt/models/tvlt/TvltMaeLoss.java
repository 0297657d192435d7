package ai.tvlt.models.tvlt;

/**
 * The reconstruction loss of {@code TvltForPreTraining} ({@code pixel_mae_loss} / {@code audio_mae_loss}):
 * per token the mean squared error over its patch values against the patchified input (no per-patch
 * normalisation), then the mean over the tokens whose label mask is 1:
 * {@code sum(mse * mask) / sum(mask)}. A batch with no masked real token gives NaN (0/0), as the
 * reference does. Accumulated in float64. Stateless.
 */
final class TvltMaeLoss {

    private TvltMaeLoss() {
    }

    /**
     * @param predictions [tokens, features] row-major
     * @param targets [tokens, features] row-major, the patchified inputs
     * @param labelMasks [tokens] of 0/1
     * @param features values per token
     * @return the masked mean of the per-token MSE
     */
    static float compute(float[] predictions, float[] targets, float[] labelMasks, int features) {
        double weighted = 0;
        double count = 0;
        for (int t = 0; t < labelMasks.length; t++) {
            if (labelMasks[t] == 0f) {
                continue;
            }
            double sq = 0;
            int base = t * features;
            for (int j = 0; j < features; j++) {
                double d = (double) predictions[base + j] - targets[base + j];
                sq += d * d;
            }
            weighted += (sq / features) * labelMasks[t];
            count += labelMasks[t];
        }
        return (float) (weighted / count);
    }
}
