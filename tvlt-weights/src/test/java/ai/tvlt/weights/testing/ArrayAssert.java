package ai.tvlt.weights.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Element-wise comparisons that report the worst element on failure. */
public final class ArrayAssert {

    private ArrayAssert() {
    }

    /**
     * Compares two arrays of equal shape.
     *
     * @param label what is compared, for the message
     * @param expected reference values
     * @param expectedShape reference shape
     * @param actual computed values
     * @param actualShape computed shape
     * @param tol tolerance
     */
    public static void assertClose(String label, double[] expected, long[] expectedShape, double[] actual,
            long[] actualShape, Tolerance tol) {
        assertArrayEquals(expectedShape, actualShape, () -> label + ": shape " + Arrays.toString(actualShape)
                + " differs from expected " + Arrays.toString(expectedShape));
        if (expected.length != actual.length) {
            fail(label + ": " + actual.length + " elements, expected " + expected.length);
        }
        int worst = -1;
        double worstExcess = 0;
        int failures = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!tol.accepts(actual[i], expected[i])) {
                failures++;
                double excess = Double.isNaN(actual[i]) || Double.isNaN(expected[i]) ? Double.POSITIVE_INFINITY
                        : Math.abs(actual[i] - expected[i]) - (tol.atol() + tol.rtol() * Math.abs(expected[i]));
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            fail(String.format("%s: %d of %d elements outside atol=%g rtol=%g; worst at %s: actual %s expected %s"
                    + " (|diff| %g)", label, failures, expected.length, tol.atol(), tol.rtol(),
                    Arrays.toString(unravel(worst, expectedShape)), actual[worst], expected[worst],
                    Math.abs(actual[worst] - expected[worst])));
        }
    }

    /**
     * Compares float arrays.
     *
     * @param label what is compared
     * @param expected reference values
     * @param expectedShape reference shape
     * @param actual computed values
     * @param actualShape computed shape
     * @param tol tolerance
     */
    public static void assertClose(String label, float[] expected, long[] expectedShape, float[] actual,
            long[] actualShape, Tolerance tol) {
        assertClose(label, widen(expected), expectedShape, widen(actual), actualShape, tol);
    }

    /**
     * Exact comparison of integer arrays.
     *
     * @param label what is compared
     * @param expected reference values
     * @param expectedShape reference shape
     * @param actual computed values
     * @param actualShape computed shape
     */
    public static void assertExact(String label, long[] expected, long[] expectedShape, long[] actual,
            long[] actualShape) {
        assertArrayEquals(expectedShape, actualShape, () -> label + ": shape " + Arrays.toString(actualShape)
                + " differs from expected " + Arrays.toString(expectedShape));
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(label + ": first difference at " + Arrays.toString(unravel(i, expectedShape)) + ": actual "
                        + actual[i] + " expected " + expected[i]);
            }
        }
    }

    /**
     * @param a floats
     * @return the same values as doubles
     */
    public static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /**
     * @param flat a row-major index
     * @param shape the shape
     * @return the multi-index
     */
    public static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                idx[d] = flat % shape[d];
                flat /= shape[d];
            }
        }
        return idx;
    }
}
