package ai.tvlt.processing.image;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.Shapes;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An 8-bit RGB image stored row-major with interleaved channels ({@code [H, W, 3]}, "HWC"), the layout of a
 * numpy {@code uint8} image and of Pillow's RGB mode. This is what the image decoders return and what the
 * Pillow-exact resampler works on.
 *
 * <p>Immutable and thread-safe: factories and {@link #rgb()} copy.
 */
public final class RgbImage implements VideoFrame {

    /** Largest pixel count an image may have (the HWC bytes must fit a Java array). */
    public static final int MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private final byte[] rgb;
    private final int height;
    private final int width;

    private RgbImage(byte[] rgb, int height, int width) {
        this.rgb = rgb;
        this.height = height;
        this.width = width;
    }

    /**
     * @param rgb {@code height * width * 3} bytes, row-major, channels interleaved R, G, B (copied)
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @return the image
     * @throws InvalidInputException for a non-positive size or a length mismatch
     */
    public static RgbImage of(byte[] rgb, int height, int width) {
        checkSize(height, width);
        if (rgb == null || rgb.length != height * width * 3) {
            throw new InvalidInputException("RGB image " + height + "x" + width + " needs " + (height * width * 3L)
                    + " bytes [H, W, 3], got " + (rgb == null ? "null" : rgb.length));
        }
        return new RgbImage(rgb.clone(), height, width);
    }

    /**
     * A black image.
     *
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @return the image, all zero
     */
    public static RgbImage black(int height, int width) {
        checkSize(height, width);
        return new RgbImage(new byte[height * width * 3], height, width);
    }

    /**
     * Builds an image from a 3-D uint8 array whose channel axis is inferred as the reference does: first axis
     * of 1 or 3 entries means {@code [C, H, W]}, else last axis of 1 or 3 means {@code [H, W, C]}. One channel is
     * grey and is repeated into R, G and B (the reference broadcasts it the same way when normalising).
     *
     * @param data the array's bytes, row-major (unsigned 0..255)
     * @param shape its 3-D shape
     * @return the image
     * @throws InvalidInputException for another rank (2-D grey arrays included), RGBA or other channel counts,
     *     a zero-size image or a length mismatch
     */
    public static RgbImage fromArray(byte[] data, long... shape) {
        return fromArray(data, ChannelLayout.infer("uint8 image", shape), shape);
    }

    /**
     * Builds an image from a 3-D uint8 array with an explicit channel layout (1 or 3 channels).
     *
     * @param data the array's bytes, row-major
     * @param layout where the channel axis is
     * @param shape its 3-D shape
     * @return the image
     * @throws InvalidInputException for a bad rank, channel count, size or length
     */
    public static RgbImage fromArray(byte[] data, ChannelLayout layout, long... shape) {
        ChannelLayout.checkRank3("uint8 image", shape);
        Shapes.checkLength("uint8 image", data.length, shape);
        int channels = (int) shape[layout.channelAxis()];
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("uint8 image of shape " + Arrays.toString(shape) + " has " + channels
                    + " channels; only 1 (grey) and 3 (RGB) are supported");
        }
        int h = (int) (layout == ChannelLayout.CHANNELS_FIRST ? shape[1] : shape[0]);
        int w = (int) (layout == ChannelLayout.CHANNELS_FIRST ? shape[2] : shape[1]);
        checkSize(h, w);
        int plane = h * w;
        if (layout == ChannelLayout.CHANNELS_LAST && channels == 3) {
            return new RgbImage(data.clone(), h, w);
        }
        byte[] out = new byte[plane * 3];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                int src = channels == 1 ? p : layout == ChannelLayout.CHANNELS_FIRST ? c * plane + p : p * 3 + c;
                out[p * 3 + c] = data[src];
            }
        }
        return new RgbImage(out, h, w);
    }

    /**
     * Converts a decoded image: colours to sRGB, alpha dropped as it is (no compositing), grey repeated into
     * R, G and B. See {@link ImageDecoder} for the full rule.
     *
     * @param image any {@link BufferedImage}
     * @return the RGB pixels
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        return RgbConversion.toRgb(image);
    }

    /** Takes ownership of an array that nobody else references. */
    static RgbImage wrap(byte[] rgb, int height, int width) {
        return new RgbImage(rgb, height, width);
    }

    static void checkSize(long height, long width) {
        if (height < 1 || width < 1) {
            throw new InvalidInputException("image size must be positive, got height " + height + " and width "
                    + width);
        }
        if (height * width > MAX_PIXELS) {
            throw new InvalidInputException("image " + height + "x" + width + " has more than " + MAX_PIXELS
                    + " pixels");
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

    /** @return the pixels as {@code [H, W, 3]} bytes (a copy) */
    public byte[] rgb() {
        return rgb.clone();
    }

    /** The backing array, for package code that only reads it. */
    byte[] data() {
        return rgb;
    }

    /**
     * @param y row
     * @param x column
     * @param channel 0 = R, 1 = G, 2 = B
     * @return the sample, 0..255
     */
    public int get(int y, int x, int channel) {
        if (y < 0 || y >= height || x < 0 || x >= width || channel < 0 || channel > 2) {
            throw new IndexOutOfBoundsException("pixel (" + y + ", " + x + ", " + channel + ") outside " + this);
        }
        return rgb[(y * width + x) * 3 + channel] & 0xFF;
    }

    /** @return a new {@link BufferedImage#TYPE_3BYTE_BGR} image with these pixels */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage r && r.height == height && r.width == width && Arrays.equals(r.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + height + "x" + width + "]";
    }
}
