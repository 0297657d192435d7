package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;

/**
 * The convolution kernels of Pillow's resampler ({@code libImaging/Resample.c}): base support and weight
 * function of each filter, evaluated in double precision exactly as Pillow does. NEAREST is not a convolution
 * and has no kernel. Stateless.
 */
final class ResampleKernel {

    private static final double BICUBIC_A = -0.5;
    // Pillow writes these two constants as C float literals; they are widened to double when used.
    private static final double HAMMING_ALPHA = 0.54f;
    private static final double HAMMING_BETA = 0.46f;

    private ResampleKernel() {
    }

    /** @return the kernel's half-width at scale 1: box 0.5, bilinear and hamming 1, bicubic 2, lanczos 3 */
    static double support(Resample filter) {
        return switch (filter) {
            case BOX -> 0.5;
            case BILINEAR, HAMMING -> 1.0;
            case BICUBIC -> 2.0;
            case LANCZOS -> 3.0;
            case NEAREST -> throw new IllegalArgumentException("NEAREST has no convolution kernel");
        };
    }

    /**
     * @param filter a convolution filter
     * @param x distance from the centre in source pixels, already divided by the filter scale
     * @return the unnormalised weight
     */
    static double weight(Resample filter, double x) {
        return switch (filter) {
            case BOX -> x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR -> bilinear(Math.abs(x));
            case BICUBIC -> bicubic(Math.abs(x));
            case HAMMING -> hamming(Math.abs(x));
            case LANCZOS -> -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            case NEAREST -> throw new IllegalArgumentException("NEAREST has no convolution kernel");
        };
    }

    private static double bilinear(double x) {
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static double bicubic(double x) {
        if (x < 1.0) {
            return ((BICUBIC_A + 2.0) * x - (BICUBIC_A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * BICUBIC_A;
        }
        return 0.0;
    }

    private static double hamming(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px * (HAMMING_ALPHA + HAMMING_BETA * StrictMath.cos(px));
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px;
    }
}
