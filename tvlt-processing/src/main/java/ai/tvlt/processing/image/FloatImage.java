package ai.tvlt.processing.image;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.Shapes;
import java.util.Arrays;

/**
 * An RGB image with float32 samples already scaled to [0, 1] (a {@code torchvision}-style tensor), stored
 * {@code [H, W, 3]} like {@link RgbImage}.
 *
 * <p>How {@link TvltImageProcessor} treats it (a deliberate difference from transformers, SPEC 1): the pixels
 * count as already rescaled, so {@code do_rescale} and {@code rescale_factor} are not applied to them. When
 * resizing, the frame goes through 8 bits exactly as the reference does for Pillow ({@code trunc(x * 255)}
 * in float32, resize, then {@code x / 255}); without resizing the float values are kept. The reference instead
 * rescales such input a second time when {@code do_rescale} is true (values near -1 after normalisation);
 * its {@code do_rescale=False} output, the correct usage, is what this class reproduces.
 *
 * <p>Immutable and thread-safe.
 */
public final class FloatImage implements VideoFrame {

    private final float[] rgb;
    private final int height;
    private final int width;

    private FloatImage(float[] rgb, int height, int width) {
        this.rgb = rgb;
        this.height = height;
        this.width = width;
    }

    /**
     * @param rgb {@code height * width * 3} samples in [0, 1], {@code [H, W, 3]} (copied)
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @return the image
     * @throws InvalidInputException for a bad size or length, or a value outside [0, 1] (NaN included)
     */
    public static FloatImage of(float[] rgb, int height, int width) {
        RgbImage.checkSize(height, width);
        if (rgb == null || rgb.length != height * width * 3) {
            throw new InvalidInputException("float RGB image " + height + "x" + width + " needs "
                    + (height * width * 3L) + " values [H, W, 3], got " + (rgb == null ? "null" : rgb.length));
        }
        float[] copy = rgb.clone();
        checkRange(copy);
        return new FloatImage(copy, height, width);
    }

    /**
     * Builds an image from a 3-D float array whose channel axis is inferred as the reference does (see
     * {@link ChannelLayout#infer}); one channel is grey, repeated into R, G and B.
     *
     * @param data the values, row-major, in [0, 1]
     * @param shape the 3-D shape
     * @return the image
     * @throws InvalidInputException for a bad rank, channel count, size, length or value range
     */
    public static FloatImage fromArray(float[] data, long... shape) {
        return fromArray(data, ChannelLayout.infer("float image", shape), shape);
    }

    /**
     * Builds an image from a 3-D float array with an explicit channel layout (1 or 3 channels).
     *
     * @param data the values, row-major, in [0, 1]
     * @param layout where the channel axis is
     * @param shape the 3-D shape
     * @return the image
     * @throws InvalidInputException for a bad rank, channel count, size, length or value range
     */
    public static FloatImage fromArray(float[] data, ChannelLayout layout, long... shape) {
        ChannelLayout.checkRank3("float image", shape);
        Shapes.checkLength("float image", data.length, shape);
        int channels = (int) shape[layout.channelAxis()];
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("float image of shape " + Arrays.toString(shape) + " has " + channels
                    + " channels; only 1 (grey) and 3 (RGB) are supported");
        }
        int h = (int) (layout == ChannelLayout.CHANNELS_FIRST ? shape[1] : shape[0]);
        int w = (int) (layout == ChannelLayout.CHANNELS_FIRST ? shape[2] : shape[1]);
        RgbImage.checkSize(h, w);
        int plane = h * w;
        float[] out = new float[plane * 3];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                int src = channels == 1 ? p : layout == ChannelLayout.CHANNELS_FIRST ? c * plane + p : p * 3 + c;
                out[p * 3 + c] = data[src];
            }
        }
        checkRange(out);
        return new FloatImage(out, h, w);
    }

    private static void checkRange(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (float v : values) {
            nan |= Float.isNaN(v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (nan || min < 0f || max > 1f) {
            throw new InvalidInputException("float image contains values outside the range [0, 1], got [" + min
                    + ", " + max + "]" + (nan ? " and NaN" : "")
                    + ": pass raw 0..255 pixels as an RgbImage, or scale floats to [0, 1]");
        }
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    /** @return the samples as {@code [H, W, 3]} floats (a copy) */
    public float[] rgb() {
        return rgb.clone();
    }

    /** The backing array, for package code that only reads it. */
    float[] data() {
        return rgb;
    }

    /**
     * The 8-bit image the reference hands to Pillow for resizing: {@code trunc(x * 255)} computed in float32
     * (truncation, not rounding).
     *
     * @return the quantised pixels
     */
    public RgbImage quantize() {
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (byte) (int) (rgb[i] * 255f);
        }
        return RgbImage.wrap(out, height, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage f && f.height == height && f.width == width && Arrays.equals(f.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "FloatImage[" + height + "x" + width + "]";
    }
}
