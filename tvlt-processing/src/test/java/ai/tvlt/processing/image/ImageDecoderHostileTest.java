package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.IIOException;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile image files: headers that declare huge images are refused before any pixel is allocated (the size
 * is read with {@code ImageReader.getWidth/getHeight} first), a reader that keeps reading past the end of a
 * truncated file is stopped (the fuzzing finding {@code regression_webp_reads_past_end_*}: 100-byte WebP
 * files that TwelveMonkeys' lossless decoder read as endless zero bits for 10 to 75 s), and garbage behind a
 * valid signature becomes a {@link CorruptFileException} naming the file.
 */
class ImageDecoderHostileTest {

    @TempDir
    Path dir;

    private <T extends TvltException> T fails(Class<T> type, byte[] bytes, String... parts) throws IOException {
        Path file = Files.write(dir.resolve("hostile.img"), bytes);
        T e = assertThrows(type, () -> ImageDecoder.defaults().decode(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        return e;
    }

    /** A PNG signature and IHDR chunk (8-bit RGB) declaring the given size, then no image data. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    /** A JPEG with only SOI and a baseline SOF0 segment declaring the given size (3 components). */
    private static byte[] jpegHeader(int width, int height) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (height >> 8),
            (byte) height, (byte) (width >> 8), (byte) width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
    }

    @Test
    void declaredGiantImagesAreRefusedBeforeDecoding() throws IOException {
        fails(InvalidInputException.class, pngHeader(200_000, 100_000), "200000x100000", "more than the limit of "
                + ImageDecoder.DEFAULT_MAX_PIXELS);
        fails(InvalidInputException.class, pngHeader(Integer.MAX_VALUE, Integer.MAX_VALUE), "pixels");
        fails(InvalidInputException.class, jpegHeader(65_535, 65_535), "65535x65535", "more than the limit");
    }

    @Test
    void aSmallDeclaredImageWithoutDataIsCorrupt() throws IOException {
        fails(CorruptFileException.class, pngHeader(16, 16));
        fails(CorruptFileException.class, jpegHeader(16, 16));
    }

    /**
     * TwelveMonkeys 3.12's WebP reader read these truncated files past their end for 10-75 s; 3.13 refuses
     * them itself before that, and {@link EndBoundedImageInputStream} (tested below) still stops any reader
     * that tries.
     */
    @Test
    void truncatedWebpFilesThatReadersReadPastTheEndAreRefusedAsCorrupt() throws Exception {
        for (int i = 1; i <= 4; i++) {
            Path seed = Path.of(getClass().getResource("ImageDecoderFuzzTestInputs/imageFile/regression_webp_reads_past_end_"
                    + i).toURI());
            CorruptFileException e = fails(CorruptFileException.class, Files.readAllBytes(seed), "webp");
            assertFalse(e.getMessage().matches(".*\\b(java|javax)\\.[a-z]+\\.[A-Za-z.]*Exception.*"), e.getMessage());
        }
    }

    @Test
    void theEndBoundedStreamToleratesAFewReadsPastTheEndThenFails() throws IOException {
        try (EndBoundedImageInputStream in = new EndBoundedImageInputStream(
                new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3})))) {
            assertEquals(1, in.read());
            byte[] b = new byte[8];
            assertEquals(2, in.read(b, 0, 8));
            in.seek(1);
            assertEquals(2, in.readByte());
            assertEquals(3, in.length() < 0 ? 3 : in.length());
            in.seek(3);
            for (int k = 0; k < EndBoundedImageInputStream.READS_PAST_END; k++) {
                assertEquals(-1, in.read());
            }
            IIOException e = assertThrows(IIOException.class, in::readByte);
            assertTrue(e.getMessage().contains("past the end"), e.getMessage());
            assertThrows(IIOException.class, () -> in.read(b, 0, 1));
        }
    }
}
