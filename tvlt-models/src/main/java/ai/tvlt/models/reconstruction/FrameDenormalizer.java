package ai.tvlt.models.reconstruction;

import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Undoes the image processor's rescale and normalisation, so that model-scale frames (the processor's
 * {@code pixel_values}, or {@link Patches#unpatchifyPixels unpatchified} {@code pixel_logits}) become
 * pixel levels again: {@code level = (v * std[c] + mean[c]) / rescale_factor}, i.e. 0..255 for the
 * default processor ({@code (x / 255 - 0.5) / 0.5} inverted). A step the processor skips
 * ({@code do_normalize} / {@code do_rescale} false) is skipped here too. Immutable and thread-safe.
 */
public final class FrameDenormalizer {

    private final double[] mean;
    private final double[] std;
    private final double rescaleFactor;

    private FrameDenormalizer(double[] mean, double[] std, double rescaleFactor) {
        this.mean = mean;
        this.std = std;
        this.rescaleFactor = rescaleFactor;
    }

    /**
     * @param config the processor's image settings ({@code image_mean}, {@code image_std},
     *     {@code rescale_factor}, {@code do_normalize}, {@code do_rescale})
     * @return the inverse of that processor's value scaling
     */
    public static FrameDenormalizer of(TvltImageProcessorConfig config) {
        double[] mean = config.doNormalize() ? config.imageMean() : new double[] {0};
        double[] std = config.doNormalize() ? config.imageStd() : new double[] {1};
        return new FrameDenormalizer(mean, std, config.doRescale() ? config.rescaleFactor() : 1.0);
    }

    /**
     * @param mean per-channel mean (one value = every channel)
     * @param std per-channel standard deviation, non-zero
     * @param rescaleFactor the processor's {@code rescale_factor} (1/255 by default), non-zero
     * @return the inverse of {@code (x * rescaleFactor - mean) / std}
     */
    public static FrameDenormalizer of(double[] mean, double[] std, double rescaleFactor) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new InvalidInputException("image_mean and image_std must have the same non-zero length, got "
                    + mean.length + " and " + std.length);
        }
        if (rescaleFactor == 0 || !Double.isFinite(rescaleFactor)) {
            throw new InvalidInputException("rescale_factor must be finite and non-zero, got " + rescaleFactor);
        }
        for (double s : std) {
            if (s == 0 || !Double.isFinite(s)) {
                throw new InvalidInputException("image_std must be finite and non-zero, got " + Arrays.toString(std));
            }
        }
        return new FrameDenormalizer(mean.clone(), std.clone(), rescaleFactor);
    }

    /**
     * @param pixelValues frames [B, T, C, H, W] in the model's input scale
     * @return the same frames in pixel levels (0..255 for the default processor), not clamped:
     *     predictions may overshoot
     * @throws InvalidInputException when C does not match the per-channel mean/std
     */
    public FloatTensor denormalize(FloatTensor pixelValues) {
        long[] s = pixelValues.shape();
        Shapes.checkRank("pixel_values", s, 5, "[batch, frames, channels, height, width]");
        int channels = (int) s[2];
        if (mean.length != 1 && mean.length != channels) {
            throw new InvalidInputException("pixel_values have " + channels + " channels but image_mean/image_std have "
                    + mean.length + " values");
        }
        int plane = Shapes.numelInt(s[3], s[4]);
        float[] v = pixelValues.data();
        for (int start = 0, ch = 0; start < v.length; start += plane, ch = (ch + 1) % channels) {
            double m = mean[mean.length == 1 ? 0 : ch];
            double sd = std[std.length == 1 ? 0 : ch];
            for (int i = start; i < start + plane; i++) {
                v[i] = (float) ((v[i] * sd + m) / rescaleFactor);
            }
        }
        return FloatTensor.wrap(v, s);
    }

    /**
     * One frame as interleaved 8-bit pixels, ready for an image writer.
     *
     * @param levels frames [B, T, C, H, W] in pixel levels ({@link #denormalize})
     * @param sample batch index
     * @param frame frame index
     * @return H*W*C bytes in (row, column, channel) order, each level rounded and clamped to 0..255
     */
    public static byte[] toInterleavedBytes(FloatTensor levels, int sample, int frame) {
        long[] s = levels.shape();
        Shapes.checkRank("frames", s, 5, "[batch, frames, channels, height, width]");
        if (sample < 0 || sample >= s[0] || frame < 0 || frame >= s[1]) {
            throw new InvalidInputException("no frame " + frame + " of sample " + sample + " in frames of shape "
                    + Arrays.toString(s));
        }
        int channels = (int) s[2];
        int plane = Shapes.numelInt(s[3], s[4]);
        int base = (int) (((long) sample * s[1] + frame) * channels * plane);
        byte[] out = new byte[plane * channels];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < plane; i++) {
                out[i * channels + ch] = (byte) toLevel(levels.get(base + ch * plane + i));
            }
        }
        return out;
    }

    /**
     * @param value a pixel level
     * @return it rounded to the nearest integer and clamped to 0..255 (NaN gives 0)
     */
    static int toLevel(float value) {
        if (!(value > 0f)) {
            return 0;
        }
        return (int) Math.min(255, Math.round(value));
    }
}
