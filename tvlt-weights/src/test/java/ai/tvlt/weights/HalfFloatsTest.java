package ai.tvlt.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HalfFloats} against values and nearest-even rounding computed from the formats' definition
 * ({@link HalfFloatReference}), for all 65536 patterns of each 16-bit format.
 */
class HalfFloatsTest {

    /** Non-negative finite halfs by increasing value; index = bit pattern. */
    private static final double[] HALF_VALUES = new double[0x7C00];

    static {
        for (int h = 0; h < HALF_VALUES.length; h++) {
            HALF_VALUES[h] = HalfFloatReference.half(h);
        }
    }

    @Test
    void halfToFloatIsExactForEveryPattern() {
        for (int h = 0; h < 0x10000; h++) {
            float actual = HalfFloats.halfToFloat((short) h);
            double expected = HalfFloatReference.half(h);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), "pattern " + Integer.toHexString(h));
                int payload = (h & 0x8000) << 16 | 0x7F800000 | (h & 0x3FF) << 13;
                assertEquals(payload, Float.floatToRawIntBits(actual), "NaN sign and payload of " + Integer.toHexString(h));
            } else {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        "pattern " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void bfloat16ToFloatIsExactForEveryPattern() {
        for (int b = 0; b < 0x10000; b++) {
            float actual = HalfFloats.bfloat16ToFloat((short) b);
            double expected = HalfFloatReference.bfloat16(b);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), "pattern " + Integer.toHexString(b));
                assertEquals(b << 16, Float.floatToRawIntBits(actual), "NaN sign and payload of " + Integer.toHexString(b));
            } else {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        "pattern " + Integer.toHexString(b));
            }
        }
    }

    @Test
    void floatToHalfRoundsToNearestEven() {
        SplittableRandom random = new SplittableRandom(20240917);
        for (int h = 0; h < 0x7C00; h++) {
            float exact = (float) HALF_VALUES[h];
            checkHalfRounding(exact);
            checkHalfRounding(-exact);
            if (h + 1 < 0x7C00) {
                float mid = (float) ((HALF_VALUES[h] + HALF_VALUES[h + 1]) / 2);
                checkHalfRounding(mid);
                checkHalfRounding(Math.nextUp(mid));
                checkHalfRounding(Math.nextDown(mid));
            }
        }
        for (float edge : new float[] {65504f, 65519.99f, 65520f, 65536f, Float.MAX_VALUE, Float.MIN_VALUE, 0x1p-25f,
            Math.nextUp(0x1p-25f), 0x1p-24f}) {
            checkHalfRounding(edge);
            checkHalfRounding(-edge);
        }
        for (int i = 0; i < 200_000; i++) {
            checkHalfRounding(Float.intBitsToFloat(random.nextInt()));
        }
    }

    @Test
    void floatToBfloat16RoundsToNearestEven() {
        SplittableRandom random = new SplittableRandom(7);
        for (int b = 0; b < 0x7F80; b++) {
            float value = Float.intBitsToFloat(b << 16);
            checkBfloat16Rounding(value);
            float mid = Float.intBitsToFloat(b << 16 | 0x8000);
            checkBfloat16Rounding(mid);
            checkBfloat16Rounding(Math.nextUp(mid));
            checkBfloat16Rounding(Math.nextDown(mid));
        }
        for (int i = 0; i < 200_000; i++) {
            checkBfloat16Rounding(Float.intBitsToFloat(random.nextInt()));
        }
    }

    @Test
    void nanStaysNanAndInfinityStaysInfinity() {
        for (float nan : new float[] {Float.NaN, Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC00000)}) {
            assertTrue(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(nan))));
            assertTrue(Float.isNaN(HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(nan))));
        }
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.halfToFloat(HalfFloats.floatToHalf(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(Float.POSITIVE_INFINITY)));
    }

    private static void checkHalfRounding(float f) {
        if (Float.isNaN(f)) {
            return;
        }
        short expected = nearestHalf(f);
        assertEquals(expected, HalfFloats.floatToHalf(f), "floatToHalf(" + f + " = 0x"
                + Integer.toHexString(Float.floatToRawIntBits(f)) + ")");
    }

    /** Nearest half by search over all finite halfs, ties to the even pattern, overflow past 65520. */
    private static short nearestHalf(float f) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        double a = Math.abs((double) f);
        if (a >= 65520) {
            return (short) (sign | 0x7C00);
        }
        int i = Arrays.binarySearch(HALF_VALUES, a);
        if (i >= 0) {
            return (short) (sign | i);
        }
        int upper = -i - 1;
        int lower = upper - 1;
        double dl = a - HALF_VALUES[lower];
        // Past 65504 the next step up is 65536, which is infinity in binary16.
        double du = (upper == HALF_VALUES.length ? 65536 : HALF_VALUES[upper]) - a;
        int pick = dl < du ? lower : du < dl ? upper : (lower % 2 == 0 ? lower : upper);
        return (short) (sign | pick);
    }

    private static void checkBfloat16Rounding(float f) {
        if (Float.isNaN(f)) {
            return;
        }
        int bits = Float.floatToRawIntBits(f);
        int sign = bits & 0x80000000;
        int truncated = (bits & 0x7FFFFFFF) >>> 16;
        double a = Math.abs((double) f);
        double lower = HalfFloatReference.bfloat16(truncated);
        // Past the largest finite bfloat16 the next step up is 2^128, where rounding overflows to infinity.
        double upper = truncated + 1 == 0x7F80 ? 0x1p128 : HalfFloatReference.bfloat16(truncated + 1);
        int pick;
        if (Double.isInfinite(a)) {
            pick = truncated;
        } else {
            double dl = a - lower;
            double du = upper - a;
            pick = dl < du ? truncated : du < dl ? truncated + 1 : (truncated % 2 == 0 ? truncated : truncated + 1);
        }
        short expected = (short) ((sign >>> 16) | pick);
        assertEquals(expected, HalfFloats.floatToBfloat16(f), "floatToBfloat16(" + f + ")");
    }
}
