package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;

/**
 * The fixed-point filter taps of one axis of a Pillow resize, for a window of output positions. A port of the
 * algorithm of Pillow 9.4's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}
 * (golden processing README, "Algorithm summary", images step 2):
 * <ul>
 *   <li>scale = in / out (computed from the float box Pillow uses), filter scale = max(1, scale),
 *       support = base support x filter scale, at most {@code ceil(support) * 2 + 1} taps;</li>
 *   <li>centre of output i = (i + 0.5) x scale; taps {@code int(centre - support + 0.5)} to
 *       {@code int(centre + support + 0.5)}, clamped to the source;</li>
 *   <li>weight of source pixel x = kernel((x - centre + 0.5) / filter scale), normalised to sum 1 in double,
 *       then rounded half away from zero to 22-bit fixed point.</li>
 * </ul>
 * Output positions are independent of each other, so a window gives exactly the taps of the full resize.
 */
final class ResampleCoefficients {

    /** Fixed-point precision: 32 bits minus 8 for the pixel and 2 for overshoot of negative lobes. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    /** Accumulators start at one half, so the final shift rounds to nearest. */
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    final int ksize;
    /** First source index of each output in the window. */
    final int[] first;
    /** Number of source taps of each output in the window. */
    final int[] count;
    /** {@code ksize} fixed-point weights per output in the window. */
    final int[] weights;

    private ResampleCoefficients(int ksize, int[] first, int[] count, int[] weights) {
        this.ksize = ksize;
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    /**
     * @param inSize source length along the axis
     * @param outSize length of the full resized axis
     * @param filter a convolution filter (not NEAREST)
     * @param windowStart first output position wanted
     * @param windowLength number of output positions wanted
     * @return the taps of those positions
     */
    static ResampleCoefficients compute(int inSize, int outSize, Resample filter, int windowStart,
            int windowLength) {
        // Pillow passes the box as floats: (float) in - 0f, exact for every realistic size.
        double scale = (double) ((float) inSize - 0f) / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = ResampleKernel.support(filter) * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        double inverseScale = 1.0 / filterScale;

        int[] first = new int[windowLength];
        int[] count = new int[windowLength];
        int[] weights = new int[windowLength * ksize];
        double[] taps = new double[ksize];
        for (int i = 0; i < windowLength; i++) {
            double center = (windowStart + i + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = ResampleKernel.weight(filter, (x + xmin - center + 0.5) * inverseScale);
                taps[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++) {
                double normalised = sum != 0.0 ? taps[x] / sum : taps[x];
                weights[i * ksize + x] = toFixedPoint(normalised);
            }
            first[i] = xmin;
            count[i] = Math.max(xmax, 0);
        }
        return new ResampleCoefficients(ksize, first, count, weights);
    }

    private static int toFixedPoint(double weight) {
        double scaled = weight * (1 << PRECISION_BITS);
        return weight < 0 ? (int) (-0.5 + scaled) : (int) (0.5 + scaled);
    }

    /** Pillow's {@code clip8}: drop the fraction bits (arithmetic shift) and clamp to 0..255. */
    static int clip8(int accumulator) {
        int v = accumulator >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
