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
        float max = max(row, n);
        for (int i = 0; i < n; i++) {
            row[i] -= max;
        }
        FastExp.expInPlace(row, 0, n);
        float inv = 1f / sum(row, n);
        for (int i = 0; i < n; i++) {
            row[i] *= inv;
        }
    }

    /** Four independent maxima: the JIT does not vectorise a float reduction, but this keeps its pipes busy. */
    private static float max(float[] a, int n) {
        float m0 = Float.NEGATIVE_INFINITY;
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            m0 = Math.max(m0, a[i]);
            m1 = Math.max(m1, a[i + 1]);
            m2 = Math.max(m2, a[i + 2]);
            m3 = Math.max(m3, a[i + 3]);
        }
        for (; i < n; i++) {
            m0 = Math.max(m0, a[i]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** Eight partial sums (a different, equally accurate summation order than a single running sum). */
    private static float sum(float[] a, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < n; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
