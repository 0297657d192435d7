package ai.tvlt.weights.safetensors;

import static ai.tvlt.weights.safetensors.Crafted.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of almost 4 GB, created sparse so it costs no disk: a 2.5 GB U8 tensor (too large for one
 * buffer), a 1.2 GB U8 tensor (mapped on its own) and a small F32 tensor past offset 2^31. The tensors
 * after the huge one must read correctly. Skipped when the file system does not make sparse files.
 */
class LargeSparseFileTest {

    private static final long HUGE = 2_500_000_000L;
    private static final long LARGE = 1_200_000_000L;

    @TempDir
    Path dir;

    @Test
    void tensorsPastTwoGigabytesRead() throws IOException {
        String header = "{" + entry("a_huge", "U8", String.valueOf(HUGE), 0, HUGE) + ","
                + entry("b_large", "U8", String.valueOf(LARGE), HUGE, HUGE + LARGE) + ","
                + entry("c_small", "F32", "2,2", HUGE + LARGE, HUGE + LARGE + 16) + "}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + headerBytes.length;
        long fileSize = dataStart + HUGE + LARGE + 16;
        float[] small = {1.5f, -2f, Float.MIN_VALUE, 1e30f};
        Path file = dir.resolve("large.safetensors");
        long freeBefore = Files.getFileStore(dir).getUsableSpace();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(fileSize);
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, headerBytes.length);
            raf.write(lengthBytes.array());
            raf.write(headerBytes);
            raf.seek(dataStart + HUGE + LARGE - 1);
            raf.write(0x5A); // last byte of b_large
            ByteBuffer smallBytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            smallBytes.asFloatBuffer().put(small);
            raf.write(smallBytes.array());
        } catch (IOException e) {
            assumeTrue(false, "the file system refuses a " + fileSize + "-byte file: " + e);
        }
        long used = freeBefore - Files.getFileStore(dir).getUsableSpace();
        assumeTrue(used < 1_000_000_000L, "the file system does not make sparse files (" + used + " bytes used)");

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(HUGE, f.info("a_huge").byteSize());
            assertArrayEquals(small, f.readFloats("c_small"));
            assertArrayEquals(new long[] {2, 2}, f.info("c_small").shape());
            ByteBuffer large = f.rawData("b_large");
            assertEquals(LARGE, large.remaining());
            assertEquals(0x5A, large.get((int) LARGE - 1));
            assertEquals(0, large.get(0));
            InvalidInputException tooLarge = assertThrows(InvalidInputException.class, () -> f.rawData("a_huge"));
            assertTrue(tooLarge.getMessage().contains("'a_huge'") && tooLarge.getMessage().contains("over 2 GiB"),
                    tooLarge.getMessage());
            assertThrows(InvalidInputException.class, () -> f.readBytes("a_huge"));
        }
    }
}
