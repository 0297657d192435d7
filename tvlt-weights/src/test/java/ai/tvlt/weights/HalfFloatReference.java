package ai.tvlt.weights;

/**
 * Reference values of 16-bit floats computed from their definition (sign, biased exponent, fraction)
 * in double arithmetic, independently of {@link HalfFloats}' bit manipulation.
 */
public final class HalfFloatReference {

    private HalfFloatReference() {
    }

    /**
     * @param bits an IEEE binary16 pattern (low 16 bits)
     * @return its value: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024
     */
    public static double half(int bits) {
        return value(bits & 0xFFFF, 5, 10);
    }

    /**
     * @param bits a bfloat16 pattern (low 16 bits)
     * @return its value: (-1)^s * 2^(e-127) * (1 + m/128), subnormals 2^-126 * m/128
     */
    public static double bfloat16(int bits) {
        return value(bits & 0xFFFF, 8, 7);
    }

    private static double value(int bits, int exponentBits, int fractionBits) {
        int bias = (1 << (exponentBits - 1)) - 1;
        int sign = bits >>> (exponentBits + fractionBits);
        int exponent = (bits >>> fractionBits) & ((1 << exponentBits) - 1);
        int fraction = bits & ((1 << fractionBits) - 1);
        double magnitude;
        if (exponent == (1 << exponentBits) - 1) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exponent == 0) {
            magnitude = Math.scalb((double) fraction / (1 << fractionBits), 1 - bias);
        } else {
            magnitude = Math.scalb(1 + (double) fraction / (1 << fractionBits), exponent - bias);
        }
        return sign == 1 ? -magnitude : magnitude;
    }
}
