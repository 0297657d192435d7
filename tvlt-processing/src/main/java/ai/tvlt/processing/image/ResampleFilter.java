package ai.tvlt.processing.image;

import ai.tvlt.core.error.ConfigException;
import java.util.Locale;

/**
 * Pillow's resampling filters with Pillow's numbering (the {@code resample} value of a
 * {@code preprocessor_config.json}): 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming.
 * Each convolution filter has Pillow's base support and kernel ({@code libImaging/Resample.c}); NEAREST is
 * not a convolution and is resampled by pixel lookup.
 */
public enum ResampleFilter {
    /** Nearest neighbour (Pillow 0). */
    NEAREST(0, 0.0),
    /** Lanczos-windowed sinc, a = 3 (Pillow 1, formerly ANTIALIAS). */
    LANCZOS(1, 3.0),
    /** Triangle filter (Pillow 2, the TVLT default). */
    BILINEAR(2, 1.0),
    /** Keys cubic convolution with a = -0.5 (Pillow 3). */
    BICUBIC(3, 2.0),
    /** Box filter (Pillow 4). */
    BOX(4, 0.5),
    /** Hamming-windowed sinc (Pillow 5). */
    HAMMING(5, 1.0);

    private static final double BICUBIC_A = -0.5;
    // Pillow writes these two constants as C float literals; they are widened to double when used.
    private static final double HAMMING_ALPHA = 0.54f;
    private static final double HAMMING_BETA = 0.46f;

    private final int pillowId;
    private final double support;

    ResampleFilter(int pillowId, double support) {
        this.pillowId = pillowId;
        this.support = support;
    }

    /** @return Pillow's number for this filter */
    public int pillowId() {
        return pillowId;
    }

    /** @return the kernel's half-width at scale 1 (0 for NEAREST) */
    public double support() {
        return support;
    }

    /**
     * @param id Pillow's number (0..5)
     * @return the filter
     * @throws ConfigException for another number
     */
    public static ResampleFilter fromPillowId(int id) {
        for (ResampleFilter f : values()) {
            if (f.pillowId == id) {
                return f;
            }
        }
        throw new ConfigException("resample must be one of Pillow's filters 0 (nearest), 1 (lanczos), 2 (bilinear),"
                + " 3 (bicubic), 4 (box), 5 (hamming); got " + id);
    }

    /**
     * @param name a filter name, case-insensitive ({@code "bilinear"}, {@code "BICUBIC"}, ...; {@code "antialias"}
     *     is Pillow's old name of LANCZOS)
     * @return the filter
     * @throws ConfigException for an unknown name
     */
    public static ResampleFilter fromName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("ANTIALIAS")) {
            return LANCZOS;
        }
        for (ResampleFilter f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new ConfigException("unknown resample filter '" + name + "'; expected nearest, lanczos, bilinear,"
                + " bicubic, box or hamming (or Pillow's number 0..5)");
    }

    /**
     * The kernel value at {@code x}, in double precision exactly as Pillow evaluates it.
     *
     * @param x distance from the centre in source pixels, already divided by the filter scale
     * @return the unnormalised weight
     */
    double kernel(double x) {
        return switch (this) {
            case BOX -> x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR -> bilinear(Math.abs(x));
            case BICUBIC -> bicubic(Math.abs(x));
            case HAMMING -> hamming(Math.abs(x));
            case LANCZOS -> -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            case NEAREST -> throw new IllegalStateException("NEAREST has no convolution kernel");
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
