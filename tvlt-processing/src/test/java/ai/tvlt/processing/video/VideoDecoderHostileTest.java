package ai.tvlt.processing.video;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose top-level box chain holds a box with a 64-bit size smaller than its header are refused as corrupt,
 * naming the box and its offset, instead of reaching JCodec 0.2.5, whose format probe (run on every file, MP4
 * or not) and box reader loop forever on such a box (the fuzzing findings
 * {@code regression_*_largesize_zero_hang}: 25 to 28 bytes hung the decoder). The same holds for boxes inside
 * {@code moov}, which JCodec's box parser re-reads forever while its heap fills
 * ({@code regression_nested_largesize_below_header_hang}, {@code regression_moov_child_largesize_hang}), and
 * for a metadata item list ({@code ilst}) with stray bytes after an item's boxes, which JCodec re-reads forever
 * ({@code regression_ilst_stray_bytes_hang}); both are fuzzing findings. The time limit only guards
 * against such a hang coming back.
 */
class VideoDecoderHostileTest {

    @TempDir
    Path dir;

    /** A box header: the 32-bit size, the type, then the 64-bit size when {@code size32} is 1. */
    static byte[] box(long size32, String type, Long largesize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) size32).array());
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        if (largesize != null) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(largesize).array());
        }
        out.writeBytes(new byte[12]);
        return out.toByteArray();
    }

    private void refused(byte[] bytes, String... parts) throws IOException {
        Path file = Files.write(dir.resolve("hostile.mp4"), bytes);
        CorruptFileException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(CorruptFileException.class, () -> VideoDecoder.defaults().sampleFrames(file, 8)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void boxesWhose64BitSizeIsSmallerThanTheirHeaderAreRefused() throws IOException {
        refused(box(1, "ftyp", 0L), "'ftyp' at byte 0", "64-bit size 0", "16-byte header");
        refused(box(1, "moov", 15L), "'moov'", "64-bit size 15");
        refused(box(1, "mdat", -1L), "'mdat'", "64-bit size -1");
        byte[] second = new byte[48];
        System.arraycopy(box(20, "ftyp", null), 0, second, 0, 20);
        System.arraycopy(box(1, "mdat", 8L), 0, second, 20, 28);
        refused(second, "'mdat' at byte 20");
        byte[] notAscii = box(1, "ftyp", 0L);
        notAscii[4] = (byte) 0xA2;
        refused(notAscii, "'?typ' at byte 0");
    }

    @Test
    void theFuzzingFindingsAreRefused() throws Exception {
        for (String name : new String[] {"regression_ftyp_largesize_zero_hang", "regression_mdat_largesize_zero_hang",
            "regression_other_type_largesize_zero_hang", "regression_nested_largesize_below_header_hang",
            "regression_moov_child_largesize_hang", "regression_ilst_stray_bytes_hang"}) {
            Path seed = Path.of(getClass().getResource("VideoDecoderFuzzTestInputs/mp4File/" + name).toURI());
            refused(Files.readAllBytes(seed), "malformed MP4 box");
        }
    }
}
