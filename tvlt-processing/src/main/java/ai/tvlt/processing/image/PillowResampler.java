package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;
import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/**
 * A bit-exact port of Pillow 9.4's {@code Image.resize} for 8-bit RGB images (the resize the reference
 * preprocessing is defined by; golden processing README, "Algorithm summary", images step 2).
 *
 * <p>Convolution filters run Pillow's two-pass separable fixed-point resampler: a horizontal pass over only
 * the source rows the vertical pass needs, each result clipped to 0..255, then a vertical pass; a pass whose
 * axis keeps its length is skipped, and an unchanged size is a plain copy. {@link Resample#NEAREST}
 * follows Pillow's affine nearest-neighbour scaling (source coordinate accumulated from
 * {@code 0.5 * in / out} in steps of {@code in / out}, truncated).
 *
 * <p>{@link #resizeWindow} computes only a rectangle of the resized image, with exactly the values the full
 * resize has there: every output pixel depends only on its own taps. The image processor uses it to resize
 * and centre-crop in one step.
 *
 * <p>Stateless and thread-safe.
 */
public final class PillowResampler {

    private PillowResampler() {
    }

    /**
     * Resizes like {@code PIL.Image.resize((width, height), resample=filter)} on an RGB image.
     *
     * @param image the source
     * @param width target width, at least 1
     * @param height target height, at least 1
     * @param filter the resampling filter
     * @return the resized image
     * @throws InvalidInputException for a non-positive or too large target size
     */
    public static RgbImage resize(RgbImage image, int width, int height, Resample filter) {
        return resizeWindow(image, width, height, filter, 0, 0, width, height);
    }

    /**
     * Computes the rectangle {@code [left, left + windowWidth) x [top, top + windowHeight)} of the image that
     * {@link #resize} would return, without computing the rest.
     *
     * @param image the source
     * @param width full target width
     * @param height full target height
     * @param filter the resampling filter
     * @param left first column of the window in the resized image
     * @param top first row of the window in the resized image
     * @param windowWidth columns of the window, at least 1
     * @param windowHeight rows of the window, at least 1
     * @return the window, {@code windowHeight x windowWidth}
     * @throws InvalidInputException for a bad size or a window outside the resized image
     */
    public static RgbImage resizeWindow(RgbImage image, int width, int height, Resample filter, int left,
            int top, int windowWidth, int windowHeight) {
        RgbImage.checkSize(height, width);
        RgbImage.checkSize(windowHeight, windowWidth);
        if (left < 0 || top < 0 || left + (long) windowWidth > width || top + (long) windowHeight > height) {
            throw new InvalidInputException("window " + windowWidth + "x" + windowHeight + " at (" + left + ", "
                    + top + ") lies outside the resized size " + width + "x" + height);
        }
        if (width == image.width() && height == image.height()) {
            return copyWindow(image, left, top, windowWidth, windowHeight);
        }
        if (filter == Resample.NEAREST) {
            return nearest(image, width, height, left, top, windowWidth, windowHeight);
        }
        return convolve(image, width, height, filter, left, top, windowWidth, windowHeight);
    }

    private static RgbImage copyWindow(RgbImage image, int left, int top, int w, int h) {
        byte[] src = image.data();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, ((top + y) * image.width() + left) * 3, out, y * w * 3, w * 3);
        }
        return RgbImage.wrap(out, h, w);
    }

    private static RgbImage nearest(RgbImage image, int width, int height, int left, int top, int w, int h) {
        int[] columns = nearestIndices(image.width(), width, left, w);
        int[] rows = nearestIndices(image.height(), height, top, h);
        byte[] src = image.data();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            if (rows[y] < 0) {
                continue; // Pillow fills pixels mapped outside the source with zeros
            }
            int rowBase = rows[y] * image.width() * 3;
            int o = y * w * 3;
            for (int x = 0; x < w; x++, o += 3) {
                if (columns[x] >= 0) {
                    int s = rowBase + columns[x] * 3;
                    out[o] = src[s];
                    out[o + 1] = src[s + 1];
                    out[o + 2] = src[s + 2];
                }
            }
        }
        return RgbImage.wrap(out, h, w);
    }

    /** Source index of each output in the window, or -1 outside the source; accumulated as Pillow does. */
    private static int[] nearestIndices(int inSize, int outSize, int start, int length) {
        double step = (double) ((float) inSize - 0f) / outSize;
        double position = step * 0.5;
        int[] indices = new int[length];
        for (int i = 0; i < start + length; i++) {
            if (i >= start) {
                int index = position < 0.0 ? -1 : (int) position;
                indices[i - start] = index < inSize ? index : -1;
            }
            position += step;
        }
        return indices;
    }

    private static RgbImage convolve(RgbImage image, int width, int height, Resample filter, int left,
            int top, int w, int h) {
        boolean horizontal = width != image.width();
        boolean vertical = height != image.height();
        ResampleCoefficients rows = vertical ? ResampleCoefficients.compute(image.height(), height, filter, top, h)
                : null;
        int firstRow = vertical ? rows.first[0] : top;
        int lastRow = vertical ? rows.first[h - 1] + rows.count[h - 1] : top + h;
        int[] band = horizontal
                ? horizontalPass(image, width, filter, left, w, firstRow, lastRow)
                : sourceBand(image, left, w, firstRow, lastRow);
        byte[] out = vertical ? verticalPass(band, w, rows, firstRow, h) : clipBand(band);
        return RgbImage.wrap(out, h, w);
    }

    /** Horizontal pass over source rows [firstRow, lastRow): clipped 8-bit values, {@code w * 3} per row. */
    private static int[] horizontalPass(RgbImage image, int width, Resample filter, int left, int w,
            int firstRow, int lastRow) {
        ResampleCoefficients cols = ResampleCoefficients.compute(image.width(), width, filter, left, w);
        byte[] src = image.data();
        int stride = image.width() * 3;
        int ksize = cols.ksize;
        int[] weights = cols.weights;
        int[] band = new int[(lastRow - firstRow) * w * 3];
        int o = 0;
        for (int y = firstRow; y < lastRow; y++) {
            int rowBase = y * stride;
            for (int x = 0; x < w; x++) {
                int s = rowBase + cols.first[x] * 3;
                int k = x * ksize;
                int end = k + cols.count[x];
                int r = ResampleCoefficients.ROUNDING;
                int g = r;
                int b = r;
                for (; k < end; k++, s += 3) {
                    int wk = weights[k];
                    r += (src[s] & 0xFF) * wk;
                    g += (src[s + 1] & 0xFF) * wk;
                    b += (src[s + 2] & 0xFF) * wk;
                }
                band[o++] = ResampleCoefficients.clip8(r);
                band[o++] = ResampleCoefficients.clip8(g);
                band[o++] = ResampleCoefficients.clip8(b);
            }
        }
        return band;
    }

    /** The source rows [firstRow, lastRow), columns [left, left + w), as ints: the "no horizontal pass" case. */
    private static int[] sourceBand(RgbImage image, int left, int w, int firstRow, int lastRow) {
        byte[] src = image.data();
        int[] band = new int[(lastRow - firstRow) * w * 3];
        int o = 0;
        for (int y = firstRow; y < lastRow; y++) {
            int s = (y * image.width() + left) * 3;
            for (int i = 0; i < w * 3; i++) {
                band[o++] = src[s + i] & 0xFF;
            }
        }
        return band;
    }

    private static byte[] verticalPass(int[] band, int w, ResampleCoefficients rows, int firstRow, int h) {
        int rowLength = w * 3;
        byte[] out = new byte[h * rowLength];
        int[] acc = new int[rowLength];
        for (int y = 0; y < h; y++) {
            Arrays.fill(acc, ResampleCoefficients.ROUNDING);
            int k = y * rows.ksize;
            int bandRow = (rows.first[y] - firstRow) * rowLength;
            for (int t = 0; t < rows.count[y]; t++, bandRow += rowLength) {
                int wk = rows.weights[k + t];
                for (int i = 0; i < rowLength; i++) {
                    acc[i] += band[bandRow + i] * wk;
                }
            }
            int o = y * rowLength;
            for (int i = 0; i < rowLength; i++) {
                out[o + i] = (byte) ResampleCoefficients.clip8(acc[i]);
            }
        }
        return out;
    }

    private static byte[] clipBand(int[] band) {
        byte[] out = new byte[band.length];
        for (int i = 0; i < band.length; i++) {
            out[i] = (byte) band[i];
        }
        return out;
    }
}
