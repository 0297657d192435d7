package ai.tvlt.models.nn;

/**
 * Row softmax of attention scores with the reference's optional additive key mask. Stateless.
 *
 * <p>The mask is added to the scaled scores before the maximum is taken, exactly as
 * {@code scores + (1 - m) * finfo(float32).min} in the reference: a row whose keys are all masked
 * therefore has equal scores and gets uniform attention.
 */
public final class Softmax {

    /** {@code torch.finfo(torch.float32).min}, the reference's additive value for a masked key. */
    public static final float MASKED = -Float.MAX_VALUE;

    private Softmax() {
    }

    /**
     * Softmax over {@code row[0..n)} in place.
     *
     * @param row scores
     * @param additiveMask per-key additions (0 or {@link #MASKED}), or null for none
     * @param maskOffset where this row's keys start in additiveMask
     * @param n row length
     */
    public static void inPlace(float[] row, float[] additiveMask, int maskOffset, int n) {
        if (additiveMask != null) {
            for (int i = 0; i < n; i++) {
                row[i] += additiveMask[maskOffset + i];
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, row[i]);
        }
        for (int i = 0; i < n; i++) {
            row[i] = FastExp.exp(row[i] - max);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += row[i];
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            row[i] *= inv;
        }
    }
}
