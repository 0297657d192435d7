package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.weights.testing.GoldenFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of the supported formats, the colour rule, folders in natural order, and bad files. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    private static RgbImage smoothImage(int h, int w, long seed) {
        Random random = new Random(seed);
        byte[] rgb = new byte[h * w * 3];
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++, p++) {
                    rgb[p] = (byte) Math.min(255, x * 3 + y * (c + 1) + random.nextInt(3));
                }
            }
        }
        return RgbImage.of(rgb, h, w);
    }

    private Path write(BufferedImage image, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "a " + format + " writer is installed");
        return file;
    }

    private static <T extends TvltException> void assertFails(Class<T> type, Path file, ImageDecoder decoder,
            String... parts) {
        T e = assertThrows(type, () -> decoder.decode(file));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void losslessFormatsRoundTripExactly() throws IOException {
        RgbImage image = smoothImage(23, 31, 1);
        for (String format : List.of("png", "bmp", "tiff")) {
            Path file = write(image.toBufferedImage(), format, "image." + format);
            assertEquals(image, ImageDecoder.defaults().decode(file), format);
        }
    }

    @Test
    void alphaIsDroppedWithoutCompositing() throws IOException {
        BufferedImage argb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF8040); // fully transparent orange
        argb.setRGB(1, 0, 0x80102030); // half transparent
        argb.setRGB(2, 0, 0xFFABCDEF);
        RgbImage decoded = ImageDecoder.defaults().decode(write(argb, "png", "alpha.png"));
        assertEquals(0xFF, decoded.get(0, 0, 0));
        assertEquals(0x80, decoded.get(0, 0, 1));
        assertEquals(0x40, decoded.get(0, 0, 2));
        assertEquals(0x10, decoded.get(0, 1, 0));
        assertEquals(0x30, decoded.get(0, 1, 2));
        assertEquals(0xAB, decoded.get(0, 2, 0));
        assertEquals(0, decoded.get(2, 3, 0));
    }

    @Test
    void greyImagesAreRepeatedIntoRgbWithoutGammaConversion() throws IOException {
        BufferedImage grey = new BufferedImage(5, 2, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = grey.getRaster();
        for (int x = 0; x < 5; x++) {
            r.setSample(x, 0, 0, x * 60);
            r.setSample(x, 1, 0, 255 - x);
        }
        RgbImage decoded = ImageDecoder.defaults().decode(write(grey, "png", "grey.png"));
        for (int x = 0; x < 5; x++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(x * 60, decoded.get(0, x, c));
                assertEquals(255 - x, decoded.get(1, x, c));
            }
        }
        BufferedImage grey16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 65535);
        grey16.getRaster().setSample(1, 0, 0, 257 * 100 + 128);
        grey16.getRaster().setSample(2, 0, 0, 128);
        RgbImage decoded16 = ImageDecoder.defaults().decode(write(grey16, "png", "grey16.png"));
        assertEquals(255, decoded16.get(0, 0, 1));
        assertEquals(100, decoded16.get(0, 1, 1));
        assertEquals(0, decoded16.get(0, 2, 1));
    }

    @Test
    void progressiveJpegIsDecodedByTwelveMonkeys() throws IOException {
        RgbImage image = smoothImage(40, 56, 2);
        Path baseline = writeJpeg(image.toBufferedImage(), false, "baseline.jpg");
        Path progressive = writeJpeg(image.toBufferedImage(), true, "progressive.jpg");
        RgbImage a = ImageDecoder.defaults().decode(baseline);
        RgbImage b = ImageDecoder.defaults().decode(progressive);
        assertTrue(maxDifference(image, a) <= 12, "baseline JPEG close to the source");
        assertTrue(maxDifference(a, b) <= 2, "progressive decodes like baseline");
    }

    private Path writeJpeg(BufferedImage image, boolean progressive, String name) throws IOException {
        Path file = dir.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    private static int maxDifference(RgbImage a, RgbImage b) {
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)));
        }
        return max;
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // 4-channel JPEG (Adobe CMYK, inverted as Photoshop writes it: 255 = no ink): white paper, one cyan and one black block
        int w = 16;
        int h = 16;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cyan = x < 8 && y < 8 ? 255 : 0;
                int black = x >= 8 && y >= 8 ? 255 : 0;
                raster.setPixel(x, y, new int[] {255 - cyan, 255, 255, 255 - black});
            }
        }
        Path file = dir.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        insertAdobeMarker(file);
        RgbImage rgb = ImageDecoder.defaults().decode(file);
        assertEquals(16, rgb.width());
        int[] white = {rgb.get(2, 12, 0), rgb.get(2, 12, 1), rgb.get(2, 12, 2)};
        int[] cyan = {rgb.get(2, 2, 0), rgb.get(2, 2, 1), rgb.get(2, 2, 2)};
        int[] black = {rgb.get(13, 13, 0), rgb.get(13, 13, 1), rgb.get(13, 13, 2)};
        assertTrue(white[0] > 200 && white[1] > 200 && white[2] > 200, "paper is white: " + Arrays.toString(white));
        assertTrue(cyan[0] < 100 && cyan[2] > 150, "cyan has little red, much blue: " + Arrays.toString(cyan));
        assertTrue(black[0] < 80 && black[1] < 80 && black[2] < 80, "black is dark: " + Arrays.toString(black));
    }

    /** An APP14 "Adobe" segment with transform 0 after SOI: the 4 components are (inverted) CMYK. */
    private static void insertAdobeMarker(Path jpeg) throws IOException {
        byte[] data = Files.readAllBytes(jpeg);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[data.length + adobe.length];
        System.arraycopy(data, 0, out, 0, 2);
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(data, 2, out, 2 + adobe.length, data.length - 2);
        Files.write(jpeg, out);
    }

    @Test
    void truncatedFilesAreRejectedNamingTheFile() throws IOException {
        byte[] jpeg = Files.readAllBytes(GoldenFiles.resolve("processing/media/image_320x240_q90.jpg"));
        Path shortJpeg = dir.resolve("short.jpg");
        Files.write(shortJpeg, Arrays.copyOf(jpeg, jpeg.length / 2));
        assertFails(CorruptFileException.class, shortJpeg, ImageDecoder.defaults());

        byte[] png = Files.readAllBytes(GoldenFiles.resolve("processing/media/video_frame_0.png"));
        Path shortPng = dir.resolve("short.png");
        Files.write(shortPng, Arrays.copyOf(png, png.length / 2));
        assertFails(CorruptFileException.class, shortPng, ImageDecoder.defaults());

        Path headerOnly = dir.resolve("header.png");
        Files.write(headerOnly, Arrays.copyOf(png, 40));
        assertFails(CorruptFileException.class, headerOnly, ImageDecoder.defaults());
    }

    @Test
    void missingNonImageAndOversizedFilesAreRejected() throws IOException {
        assertFails(InvalidInputException.class, dir.resolve("absent.png"), ImageDecoder.defaults(), "does not exist");
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not an image");
        assertFails(InvalidInputException.class, text, ImageDecoder.defaults(), "not in a supported format", "png");
        assertFails(InvalidInputException.class, dir, ImageDecoder.defaults(), "is a folder");
        Path png = write(smoothImage(20, 20, 3).toBufferedImage(), "png", "big.png");
        assertFails(InvalidInputException.class, png, ImageDecoder.withMaxPixels(399), "20x20", "399");
        assertEquals(20, ImageDecoder.withMaxPixels(400).decode(png).width());
    }

    @Test
    void foldersAreReadInNaturalOrderSkippingOtherFiles() throws IOException {
        for (int i : new int[] {10, 2, 1, 33, 3}) {
            byte[] rgb = new byte[2 * 2 * 3];
            Arrays.fill(rgb, (byte) i);
            write(RgbImage.of(rgb, 2, 2).toBufferedImage(), "png", "f" + i + ".png");
        }
        Files.writeString(dir.resolve("readme.txt"), "not a frame");
        Files.writeString(dir.resolve(".hidden.png"), "hidden");
        List<RgbImage> frames = ImageDecoder.defaults().decodeFolder(dir);
        assertEquals(List.of(1, 2, 3, 10, 33), frames.stream().map(f -> f.get(0, 0, 0)).toList());
        assertEquals(List.of("f1.png", "f2.png", "f3.png", "f10.png", "f33.png"),
                ImageDecoder.listImageFiles(dir).stream().map(p -> p.getFileName().toString()).toList());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageDecoder.listImageFiles(empty));
        assertTrue(e.getMessage().contains("holds no image file"));
    }

    @Test
    void naturalOrderComparesDigitRunsByValue() {
        List<String> names = new ArrayList<>(List.of("f10.png", "f2.png", "F1.png", "f02.png", "f1b.png",
                "a100", "a99", "frame_0009.jpg", "frame_0010.jpg", "frame_10.jpg"));
        names.sort(NaturalNameOrder.INSTANCE);
        assertEquals(List.of("a99", "a100", "F1.png", "f1b.png", "f2.png", "f02.png", "f10.png", "frame_0009.jpg",
                "frame_10.jpg", "frame_0010.jpg"), names);
    }

    @Test
    void webpAndTiffReadersAreInstalled() {
        List<String> formats = ImageDecoder.supportedFormats();
        for (String f : List.of("jpeg", "png", "bmp", "webp", "tiff")) {
            assertTrue(formats.contains(f), f + " in " + formats);
        }
    }
}
