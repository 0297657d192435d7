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
 * ({@code regression_ilst_stray_bytes_hang}); both are fuzzing findings. So is a box below 16 bytes inside a
 * track aperture box ({@code tapt}), which JCodec parses as a container too
 * ({@code regression_tapt_child_largesize_zero_heap}: 856 bytes kept the decoder busy for 60-90 s while the heap
 * filled), and a time-to-sample table claiming 822 million entries in 24 bytes, which JCodec allocates whole
 * ({@code regression_stts_count_huge}). Crafted boxes cover the other bounds JCodec lacks. The time limit only
 * guards against such a hang coming back.
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
            "regression_moov_child_largesize_hang", "regression_ilst_stray_bytes_hang",
            "regression_tapt_child_largesize_zero_heap", "regression_stts_count_huge"}) {
            Path seed = Path.of(getClass().getResource("VideoDecoderFuzzTestInputs/mp4File/" + name).toURI());
            refused(Files.readAllBytes(seed), "malformed MP4 box");
        }
    }

    /** A box: 32-bit size, type, then the body parts. */
    static byte[] boxOf(String type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size())
                .put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body.toByteArray()).array();
    }

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** A file of an {@code ftyp} box and a {@code moov} box holding one track whose sample table holds these. */
    static byte[] movieWithSampleTable(byte[]... tables) {
        byte[] ftyp = boxOf("ftyp", "isom".getBytes(StandardCharsets.US_ASCII), ints(512));
        byte[] moov = boxOf("moov", boxOf("trak", boxOf("mdia", boxOf("minf", boxOf("stbl", tables)))));
        return ByteBuffer.allocate(ftyp.length + moov.length).put(ftyp).put(moov).array();
    }

    @Test
    void tablesLargerThanTheirBoxesAreRefusedBeforeJcodecAllocatesThem() throws IOException {
        refused(movieWithSampleTable(boxOf("stts", ints(0, 0x7000_0000, 1, 1))), "'stts'", "1879048192 entries");
        refused(movieWithSampleTable(boxOf("ctts", ints(0, 3, 1, 1))), "'ctts'", "3 entries of 8 bytes");
        refused(movieWithSampleTable(boxOf("stss", ints(0, -1))), "'stss'", "4294967295 entries");
        refused(movieWithSampleTable(boxOf("stsz", ints(0, 0, 1000))), "'stsz'", "1000 entries of 4 bytes");
        refused(movieWithSampleTable(boxOf("stco", ints(0, 2, 0))), "'stco'", "2 entries");
        refused(movieWithSampleTable(boxOf("co64", ints(0, 1, 0))), "'co64'", "1 entries of 8 bytes");
        refused(movieWithSampleTable(boxOf("stsc", ints(0, 2, 1, 1, 1))), "'stsc'", "2 entries of 12 bytes");
        refused(movieWithSampleTable(boxOf("stsc", ints(0, 1, 1, 0x4000_0000, 1))), "'stsc'",
                "1073741824 samples in one chunk");
    }

    @Test
    void sampleEntriesFragmentsAndAliasesAreWalkedAsJcodecReadsThem() throws IOException {
        // a channel layout box inside an AAC sample entry (JCodec's audio box table): 20-byte descriptions
        byte[] mp4a = boxOf("mp4a", new byte[28], boxOf("chan", ints(0, 0, 0, 100_000)));
        refused(movieWithSampleTable(boxOf("stsd", ints(0, 1), mp4a)), "'chan'", "100000 entries of 20 bytes");
        // a track run with sample sizes, inside a movie fragment nested in moov
        byte[] trun = boxOf("trun", ints(0x200, 50_000_000));
        byte[] moof = boxOf("moof", boxOf("traf", trun));
        byte[] ftyp = boxOf("ftyp", "isom".getBytes(StandardCharsets.US_ASCII), ints(512));
        byte[] moov = boxOf("moov", moof);
        refused(ByteBuffer.allocate(ftyp.length + moov.length).put(ftyp).put(moov).array(), "'trun'",
                "50000000 samples of 4 bytes");
        // a Mac alias record whose extra field has a negative length: JCodec steps back and re-reads it forever
        byte[] alis = boxOf("alis", ints(0), new byte[150], new byte[] {0, 0, (byte) 0xFF, (byte) 0xFC});
        byte[] dref = boxOf("dref", ints(0, 1), alis);
        refused(movieWithSampleTable(boxOf("dinf", dref)), "'alis'", "extra field of length -4");
        // the same inside a track aperture box, which JCodec parses as a container (the tapt finding, crafted)
        byte[] tapt = boxOf("tapt", box(1, "clef", 0L));
        refused(movieWithSampleTable(tapt), "'clef'", "64-bit size 0");
    }
}
