package ai.tvlt.processing.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The seeds of {@link ImageDecoderFuzzTest}: tiny images (at most 8x8) in every format ImageIO can write here
 * (PNG RGB, grey, 16-bit grey, RGBA, palette; baseline, progressive and Adobe-CMYK JPEG; GIF; BMP; TIFF
 * uncompressed, LZW and Deflate) plus a hand-written 1x1 lossless WebP, since no WebP writer is installed.
 * They are committed under
 * {@code src/test/resources/ai/tvlt/processing/image/ImageDecoderFuzzTestInputs/imageFile}; regenerate them
 * with (from the repository root, after {@code mvn -pl tvlt-processing -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-processing/target/classes:tvlt-processing/target/test-classes:tvlt-core/target/classes" \
 *     ai.tvlt.processing.image.ImageSeeds tvlt-processing/src/test/resources/ai/tvlt/processing/image/ImageDecoderFuzzTestInputs/imageFile
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-processing dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class ImageSeeds {

    /** RIFF/WEBP with one VP8L (lossless) chunk holding a 1x1 image. */
    static final byte[] WEBP_1X1_LOSSLESS = {'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
        0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xfe, 0x07, 0};

    private ImageSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the seed folder
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        BufferedImage rgb = pattern(BufferedImage.TYPE_3BYTE_BGR, 5, 4);
        Files.write(dir.resolve("rgb.png"), encode(rgb, "png", null));
        Files.write(dir.resolve("grey.png"), encode(pattern(BufferedImage.TYPE_BYTE_GRAY, 3, 2), "png", null));
        Files.write(dir.resolve("grey16.png"), encode(pattern(BufferedImage.TYPE_USHORT_GRAY, 2, 3), "png", null));
        Files.write(dir.resolve("rgba.png"), encode(pattern(BufferedImage.TYPE_INT_ARGB, 3, 3), "png", null));
        Files.write(dir.resolve("palette.png"), encode(palette(), "png", null));
        Files.write(dir.resolve("baseline.jpg"), encode(pattern(BufferedImage.TYPE_3BYTE_BGR, 8, 8), "jpeg", null));
        Files.write(dir.resolve("progressive.jpg"), encode(pattern(BufferedImage.TYPE_3BYTE_BGR, 8, 8), "jpeg",
                p -> p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT)));
        Files.write(dir.resolve("cmyk.jpg"), cmykJpeg());
        Files.write(dir.resolve("palette.gif"), encode(palette(), "gif", null));
        Files.write(dir.resolve("rgb.bmp"), encode(rgb, "bmp", null));
        Files.write(dir.resolve("rgb.tiff"), encode(rgb, "tiff", null));
        for (String compression : new String[] {"LZW", "Deflate"}) {
            Files.write(dir.resolve("rgb_" + compression.toLowerCase(java.util.Locale.ROOT) + ".tiff"),
                    encode(rgb, "tiff", p -> {
                        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        p.setCompressionType(compression);
                    }));
        }
        Files.write(dir.resolve("lossless.webp"), WEBP_1X1_LOSSLESS);
        Files.write(dir.resolve("not_an_image.txt"), "P6 2 2 255".getBytes(StandardCharsets.US_ASCII));
    }

    private static BufferedImage pattern(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        WritableRaster r = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < r.getNumBands(); b++) {
                    r.setSample(x, y, b, (x * 50 + y * 30 + b * 70) % (r.getSampleModel().getSampleSize(b) == 16
                            ? 65536 : 256));
                }
            }
        }
        return image;
    }

    private static BufferedImage palette() {
        byte[] red = {0, (byte) 255, 0, 0};
        byte[] green = {0, 0, (byte) 255, 0};
        byte[] blue = {0, 0, 0, (byte) 255};
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 4, red, green, blue));
        for (int x = 0; x < 4; x++) {
            image.getRaster().setSample(x, 0, 0, x);
            image.getRaster().setSample(x, 1, 0, 3 - x);
        }
        return image;
    }

    private interface ParamSetter {
        void set(ImageWriteParam param);
    }

    private static byte[] encode(Object image, String format, ParamSetter setter) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (setter != null) {
                setter.set(param);
            }
            IIOImage iio = image instanceof Raster raster ? new IIOImage(raster, null, null)
                    : new IIOImage((BufferedImage) image, null, null);
            writer.write(null, iio, param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A 4-channel JPEG with an APP14 "Adobe" segment (transform 0), which readers take as inverted CMYK. */
    private static byte[] cmykJpeg() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 8, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, new int[] {255 - x * 30, 255, 255 - y * 30, 200});
            }
        }
        byte[] data = encode(raster, "jpeg", null);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[data.length + adobe.length];
        System.arraycopy(data, 0, out, 0, 2);
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(data, 2, out, 2 + adobe.length, data.length - 2);
        return out;
    }
}
