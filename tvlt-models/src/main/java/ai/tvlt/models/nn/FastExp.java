package ai.tvlt.models.nn;

/**
 * An exponential for float arrays that HotSpot's C2 compiler vectorises (only additions,
 * multiplications, fused multiply-adds and {@code max}: no bit casts, conversions or calls, which would
 * keep the loop scalar).
 * It is 5-8x faster than {@link Math#exp} per element, which matters because softmax evaluates
 * heads x tokens^2 exponentials per layer (48 million at 2001 tokens).
 *
 * <p>Method: {@code y = x / 128}; a degree-9 Taylor polynomial gives {@code q = expm1(y)} to float
 * precision on |y| &lt;= 0.69 (Horner's rule in {@link Math#fma}, which vectorises: 0.3 instead of
 * 0.4 ns per value); four doublings {@code expm1(2y) = q (2 + q)} keep the relative error of q
 * from growing; then {@code p = 1 + q} is squared three times. Accuracy for {@code x} in [-87, 0]:
 * absolute error below 5e-7 (relative error below 2e-6 for results above 0.01, below 7e-6 for results
 * above 1e-6); inputs below -87.3 give about 1.2e-38 instead of 0 (a masked attention key therefore
 * gets a weight of about 1e-38, not exactly 0), and small positive inputs lose some accuracy.
 * The arguments used here are {@code <= 0} (softmax after subtracting the row maximum; the erfc
 * exponent). Stateless.
 */
public final class FastExp {

    /** Inputs are clamped here: exp(-87.3) ~ 1.2e-38 is the float range's floor. */
    private static final float MIN_ARG = -87.3f;

    private FastExp() {
    }

    /**
     * Replaces {@code a[from..to)} with their exponentials.
     *
     * @param a values, at most about 0.5
     * @param from first index
     * @param to end index (exclusive)
     */
    public static void expInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = exp(a[i]);
        }
    }

    /**
     * One exponential; inlined into the callers' loops so they stay vectorisable.
     *
     * @param x an argument, at most about 0.5
     * @return e^x with the accuracy stated in the class comment
     */
    public static float exp(float x) {
        float y = Math.max(x, MIN_ARG) * (1f / 128f);
        float r = Math.fma(y, 1f / 362880, 1f / 40320);
        r = Math.fma(y, r, 1f / 5040);
        r = Math.fma(y, r, 1f / 720);
        r = Math.fma(y, r, 1f / 120);
        r = Math.fma(y, r, 1f / 24);
        r = Math.fma(y, r, 1f / 6);
        r = Math.fma(y, r, 1f / 2);
        r = Math.fma(y, r, 1f);
        float q = y * r;
        q = Math.fma(q, q, q + q);
        q = Math.fma(q, q, q + q);
        q = Math.fma(q, q, q + q);
        q = Math.fma(q, q, q + q);
        float p = 1f + q;
        p = p * p;
        p = p * p;
        return p * p;
    }
}
