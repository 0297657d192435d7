package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;
import ai.tvlt.core.error.ConfigException;
import java.util.Arrays;

/**
 * One frame's way into {@code pixel_values}: shortest-edge resize and centre crop computed together
 * ({@link PillowResampler#resizeWindow} over the crop window only), then rescale and normalise through a
 * per-channel lookup table of the 256 possible 8-bit values, written channels-first. The table holds exactly
 * the reference's float32 results (golden processing README, "Algorithm summary", images steps 2-4), so the
 * output is bit-exact. Immutable and thread-safe.
 */
final class FramePreprocessor {

    /** Pillow's 8-bit round trip of float input divides by 255 once, whatever {@code rescale_factor} says. */
    private static final double PILLOW_RESCALE = 1.0 / 255.0;

    private final boolean doResize;
    private final int shortestEdge;
    private final Resample resample;
    private final boolean doCenterCrop;
    private final int cropHeight;
    private final int cropWidth;
    private final boolean doNormalize;
    private final double[] imageMean;
    private final double[] imageStd;
    /** Output value of each 8-bit sample per channel ([3][256]): rescale then normalise, as the reference. */
    private final float[][] byteTable;
    /** The same for 8-bit samples that came from a resized {@link FloatImage} (divided by 255 once). */
    private final float[][] floatResizeTable;

    FramePreprocessor(TvltImageProcessor settings) {
        this.doResize = settings.config().doResize();
        this.shortestEdge = settings.shortestEdge();
        this.resample = settings.config().resample();
        this.doCenterCrop = settings.config().doCenterCrop();
        this.cropHeight = settings.cropHeight();
        this.cropWidth = settings.cropWidth();
        this.doNormalize = settings.config().doNormalize();
        this.imageMean = settings.imageMean();
        this.imageStd = settings.imageStd();
        this.byteTable = sampleTable(settings.config().doRescale(), settings.config().rescaleFactor());
        this.floatResizeTable = sampleTable(true, PILLOW_RESCALE);
    }

    /** Where one frame's output comes from: the resized size and the crop spans in resized coordinates. */
    record Geometry(int resizedHeight, int resizedWidth, CenterCrop.Span rows, CenterCrop.Span cols) {
        int outHeight() {
            return rows.outputLength();
        }

        int outWidth() {
            return cols.outputLength();
        }
    }

    Geometry geometry(VideoFrame frame) {
        int h = frame.height();
        int w = frame.width();
        if (doResize) {
            int[] size = TvltImageProcessor.resizedSize(h, w, shortestEdge);
            h = size[0];
            w = size[1];
        }
        CenterCrop.Span rows = doCenterCrop ? CenterCrop.Span.of(h, cropHeight) : new CenterCrop.Span(0, h, 0, h);
        CenterCrop.Span cols = doCenterCrop ? CenterCrop.Span.of(w, cropWidth) : new CenterCrop.Span(0, w, 0, w);
        return new Geometry(h, w, rows, cols);
    }

    void write(VideoFrame frame, Geometry g, float[] out, int offset) {
        if (frame instanceof FloatImage floats && !doResize) {
            writeFloatWindow(floats, g, out, offset);
            return;
        }
        RgbImage pixels = frame instanceof FloatImage floats ? floats.quantize() : (RgbImage) frame;
        float[][] table = frame instanceof FloatImage ? floatResizeTable : byteTable;
        RgbImage window = doResize
                ? PillowResampler.resizeWindow(pixels, g.resizedWidth(), g.resizedHeight(), resample,
                        g.cols().sourceStart(), g.rows().sourceStart(), g.cols().length(), g.rows().length())
                : pixels;
        int left = doResize ? 0 : g.cols().sourceStart();
        int top = doResize ? 0 : g.rows().sourceStart();
        writeByteWindow(window, left, top, g, table, out, offset);
    }

    /** Writes the kept pixels channels-first through the lookup table, and the padding as a black pixel. */
    private static void writeByteWindow(RgbImage window, int left, int top, Geometry g, float[][] table,
            float[] out, int offset) {
        byte[] src = window.data();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int plane = outH * outW;
        for (int c = 0; c < 3; c++) {
            float[] lut = table[c];
            int base = offset + c * plane;
            if (g.rows().length() != outH || g.cols().length() != outW) {
                Arrays.fill(out, base, base + plane, lut[0]);
            }
            for (int y = 0; y < g.rows().length(); y++) {
                int s = ((top + y) * window.width() + left) * 3 + c;
                int o = base + (g.rows().offset() + y) * outW + g.cols().offset();
                for (int x = 0; x < g.cols().length(); x++, s += 3) {
                    out[o + x] = lut[src[s] & 0xFF];
                }
            }
        }
    }

    /** A {@link FloatImage} without resizing: crop, then normalise the float values themselves. */
    private void writeFloatWindow(FloatImage image, Geometry g, float[] out, int offset) {
        float[] src = image.data();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int plane = outH * outW;
        for (int c = 0; c < 3; c++) {
            int base = offset + c * plane;
            Arrays.fill(out, base, base + plane, normalize(0f, c));
            for (int y = 0; y < g.rows().length(); y++) {
                int s = ((g.rows().sourceStart() + y) * image.width() + g.cols().sourceStart()) * 3 + c;
                int o = base + (g.rows().offset() + y) * outW + g.cols().offset();
                for (int x = 0; x < g.cols().length(); x++, s += 3) {
                    out[o + x] = normalize(src[s], c);
                }
            }
        }
    }

    private float[][] sampleTable(boolean rescale, double factor) {
        float[][] table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int u = 0; u < 256; u++) {
                // rescale: the product in float64, then float32 (numpy's uint8 * Python float, .astype(float32))
                float value = rescale ? (float) (u * factor) : (float) u;
                table[c][u] = normalize(value, c);
                if (!Float.isFinite(table[c][u])) {
                    throw new ConfigException("rescale_factor " + factor + ", image_mean[" + c + "] " + imageMean[c]
                            + " and image_std[" + c + "] " + imageStd[c] + " turn the 8-bit value " + u + " into "
                            + table[c][u] + " in float32");
                }
            }
        }
        return table;
    }

    /** The reference's normalise in float32: (x - float32(mean)) / float32(std). */
    private float normalize(float value, int channel) {
        if (!doNormalize) {
            return value;
        }
        return (value - (float) imageMean[channel]) / (float) imageStd[channel];
    }
}
