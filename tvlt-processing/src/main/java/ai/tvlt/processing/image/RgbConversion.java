package ai.tvlt.processing.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * {@link BufferedImage} to {@link RgbImage}, the rule {@link ImageDecoder} documents: colour images through
 * their colour model to sRGB (exact for 8-bit sRGB layouts, which are copied directly); alpha dropped as it is,
 * without compositing (as Pillow's {@code convert("RGB")}); grey samples repeated into R, G and B unconverted
 * (as Pillow's {@code L -> RGB}; a linear-grey colour space is not gamma-corrected), deeper samples scaled to
 * 8 bits with rounding.
 */
final class RgbConversion {

    private RgbConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        RgbImage.checkSize(h, w);
        byte[] out = new byte[h * w * 3];
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> fromInterleavedBytes(image, out, 3);
            case BufferedImage.TYPE_4BYTE_ABGR -> fromInterleavedBytes(image, out, 4);
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> fromPackedInts(image, out);
            default -> {
                if (isGrey(image.getColorModel())) {
                    fromGrey(image.getRaster(), image.getColorModel(), out);
                } else {
                    throughColorModel(image, out);
                }
            }
        }
        return RgbImage.wrap(out, h, w);
    }

    private static boolean isGrey(ColorModel model) {
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1
                && !(model instanceof java.awt.image.IndexColorModel);
    }

    /** BGR or ABGR bytes of a standard type whose raster is not a sub-image view (else the general path). */
    private static void fromInterleavedBytes(BufferedImage image, byte[] out, int pixelBytes) {
        Raster raster = image.getRaster();
        if (raster.getParent() != null || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            throughColorModel(image, out);
            return;
        }
        byte[] src = ((DataBufferByte) raster.getDataBuffer()).getData();
        int alpha = pixelBytes - 3;
        for (int p = 0, s = 0; p < out.length; p += 3, s += pixelBytes) {
            out[p] = src[s + alpha + 2];
            out[p + 1] = src[s + alpha + 1];
            out[p + 2] = src[s + alpha];
        }
    }

    private static void fromPackedInts(BufferedImage image, byte[] out) {
        Raster raster = image.getRaster();
        if (raster.getParent() != null || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            throughColorModel(image, out);
            return;
        }
        int[] src = ((DataBufferInt) raster.getDataBuffer()).getData();
        for (int i = 0, p = 0; p < out.length; i++, p += 3) {
            int argb = src[i];
            out[p] = (byte) (argb >> 16);
            out[p + 1] = (byte) (argb >> 8);
            out[p + 2] = (byte) argb;
        }
    }

    private static void fromGrey(Raster raster, ColorModel model, byte[] out) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bits = model.getComponentSize(0);
        long max = (1L << bits) - 1;
        int[] row = new int[w];
        for (int y = 0, p = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++, p += 3) {
                int v = bits == 8 ? row[x] : (int) ((row[x] * 255L + max / 2) / max);
                byte b = (byte) v;
                out[p] = b;
                out[p + 1] = b;
                out[p + 2] = b;
            }
        }
    }

    /** Any other layout: {@link BufferedImage#getRGB} converts to non-premultiplied sRGB ARGB. */
    private static void throughColorModel(BufferedImage image, byte[] out) {
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0, p = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++, p += 3) {
                out[p] = (byte) (row[x] >> 16);
                out[p + 1] = (byte) (row[x] >> 8);
                out[p + 2] = (byte) row[x];
            }
        }
    }
}
