package ai.tvlt.weights.testing;

/**
 * An explicit comparison tolerance: {@code |actual - expected| <= atol + rtol * |expected|}.
 *
 * @param atol absolute part
 * @param rtol relative part
 */
public record Tolerance(double atol, double rtol) {

    /** Bit-for-bit (numerically) equal. */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** The model goldens' recommendation: 1e-4 + 1e-4 |e|. */
    public static final Tolerance MODEL = new Tolerance(1e-4, 1e-4);

    /**
     * @param atol absolute tolerance
     * @return a purely absolute tolerance
     */
    public static Tolerance abs(double atol) {
        return new Tolerance(atol, 0);
    }

    /**
     * @param actual value computed
     * @param expected reference value
     * @return whether they agree (NaN agrees only with NaN)
     */
    public boolean accepts(double actual, double expected) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (actual == expected) {
            return true;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }
}
