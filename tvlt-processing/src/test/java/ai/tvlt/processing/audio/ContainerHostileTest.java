package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged, hostile and unsupported inputs of the compressed-format decoders (FLAC, MP3, MP4/MOV/M4A with AAC):
 * a clear message naming the source and the problem, never an exception class name, no out-of-bounds read and
 * no allocation from a declared size; a few damaged bytes inside the audio data still give the clip.
 */
class ContainerHostileTest {

    @TempDir
    Path tmp;

    // ------------------------------------------------------------ containers and tracks

    @Test
    void aVideoWithoutSoundTrackHasNoAudio() {
        Path video = ContainerFidelityTest.resource("mp4_h264_no_audio.mp4");
        assertTrue(AudioDecoder.readSoundtrack(video).isEmpty());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AudioDecoder.read(video));
        assertEquals(video + " has no audio track", e.getMessage());
    }

    @Test
    void aVideoWithSoundTrackGivesItsAudio() {
        Path video = ContainerFidelityTest.resource("mp4_h264_aac_44k_stereo.mp4");
        DecodedAudio audio = AudioDecoder.readSoundtrack(video).orElseThrow();
        assertEquals(44100, audio.samplingRate());
        assertEquals(2, audio.channels());
    }

    @Test
    void heAacIsRefusedByName() throws IOException {
        byte[] m4a = fixture("m4a_aac_48k_stereo.m4a");
        int at = indexOf(m4a, new byte[] {0x11, (byte) 0x90, 0x56, (byte) 0xE5});
        m4a[at] = 0x29; // audio object type 5 (SBR), same sampling frequency index
        assertMessage(InvalidInputException.class, m4a, "AAC profile HE-AAC (SBR) (audio object type 5) is not"
                + " supported (only AAC-LC)");
    }

    @Test
    void anotherCodecInMp4IsRefusedByName() throws IOException {
        byte[] m4a = fixture("m4a_aac_48k_stereo.m4a");
        int at = indexOf(m4a, "mp4a".getBytes(StandardCharsets.ISO_8859_1));
        System.arraycopy("alac".getBytes(StandardCharsets.ISO_8859_1), 0, m4a, at, 4);
        assertMessage(InvalidInputException.class, m4a, "codec 'alac' is not supported (only AAC-LC, 'mp4a')");
    }

    @Test
    void aHugeSampleCountIsRefusedBeforeAllocating() throws IOException {
        byte[] m4a = fixture("m4a_aac_48k_stereo.m4a");
        int stsz = indexOf(m4a, "stsz".getBytes(StandardCharsets.ISO_8859_1));
        writeU32(m4a, stsz + 12, 0x7FFFFFFFL);
        assertMessage(InvalidInputException.class, m4a, "access units, more than the 65536 supported");
        writeU32(m4a, stsz + 12, 60_000);
        assertMessage(CorruptFileException.class, m4a, "sample sizes do not fit its");
    }

    @Test
    void aChunkOffsetOutsideTheFileIsRefused() throws IOException {
        byte[] m4a = fixture("m4a_aac_48k_stereo.m4a");
        int stco = indexOf(m4a, "stco".getBytes(StandardCharsets.ISO_8859_1));
        writeU32(m4a, stco + 12, 0xFFFFFF00L);
        assertMessage(CorruptFileException.class, m4a, "lies outside the file");
    }

    @Test
    void aBoxLargerThanItsParentIsRefused() throws IOException {
        byte[] m4a = fixture("m4a_aac_48k_stereo.m4a");
        int trak = indexOf(m4a, "trak".getBytes(StandardCharsets.ISO_8859_1));
        writeU32(m4a, trak - 4, 0x7FFFFFF0L);
        assertMessage(CorruptFileException.class, m4a, "has a malformed MP4 box 'trak'");
    }

    @Test
    void aTruncatedMp4WithoutMoovIsRefused() throws IOException {
        byte[] mp4 = fixture("mp4_h264_aac_44k_stereo.mp4");
        int moov = indexOf(mp4, "moov".getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(CorruptFileException.class, Arrays.copyOf(mp4, moov - 4), "without a 'moov' box");
    }

    @Test
    void aHugeFlacMetadataBlockIsRefusedBeforeAllocating() throws IOException {
        byte[] flac = fixture("flac16_44k_stereo.flac");
        int second = 4 + 4 + 34;
        flac[second + 1] = (byte) 0xFF;
        flac[second + 2] = (byte) 0xFF;
        flac[second + 3] = (byte) 0xFF;
        assertMessage(CorruptFileException.class, flac, "beyond the end of the file");
    }

    /** A damaged FLAC frame keeps its place as silence; the frames around it decode exactly. */
    @Test
    void aDamagedFlacFrameBecomesSilenceOfItsLength() throws IOException {
        byte[] flac = fixture("flac16_44k_stereo.flac");
        float[] clean = AudioDecoder.decode(flac).samples();
        byte[] damaged = flac.clone();
        int at = flac.length / 2;
        damaged[at] ^= 0x5A;
        float[] out = AudioDecoder.decode(damaged).samples();
        assertEquals(clean.length, out.length);
        int first = 0;
        while (first < out.length && out[first] == clean[first]) {
            first++;
        }
        int last = out.length - 1;
        while (last > first && out[last] == clean[last]) {
            last--;
        }
        assertTrue(first < last && last - first < 4608 * 2, "one or two frames differ: " + first + ".." + last);
        for (int i = first; i <= last; i++) {
            assertEquals(0f, out[i], "sample " + i + " of the damaged frame is silent");
        }
    }

    /** A FLAC stream cut inside a frame keeps the frames before the cut. */
    @Test
    void aTruncatedFlacStreamKeepsItsWholeFrames() throws IOException {
        byte[] flac = fixture("flac16_44k_stereo.flac");
        float[] clean = AudioDecoder.decode(flac).samples();
        float[] out = AudioDecoder.decode(Arrays.copyOf(flac, flac.length * 2 / 3)).samples();
        assertTrue(out.length > 0 && out.length < clean.length, "length " + out.length);
        assertArrayEquals(Arrays.copyOf(clean, out.length), out);
    }

    @Test
    void flacWithoutStreamInfoIsRefused() throws IOException {
        byte[] flac = fixture("flac16_44k_stereo.flac");
        flac[4] = 4; // first block claims to be a VORBIS_COMMENT
        assertMessage(CorruptFileException.class, flac, "is not a 34-byte STREAMINFO");
    }

    @Test
    void id3TagsWithoutAudioAreRefused() {
        byte[] tag = new byte[64];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[9] = 10; // 10 bytes of tag body, then garbage
        assertMessage(CorruptFileException.class, tag, "no MPEG audio frame header");
    }

    // ------------------------------------------------------------ damaged audio data still decodes

    @Test
    void damagedAacUnitsStillGiveTheWholeClip() throws IOException {
        byte[] mp4 = fixture("mp4_h264_aac_44k_stereo.mp4");
        int mdat = indexOf(mp4, "mdat".getBytes(StandardCharsets.ISO_8859_1));
        DecodedAudio clean = AudioDecoder.decode(mp4);
        Random random = new Random(16);
        for (int i = 0; i < 60; i++) {
            mp4[mdat + 8 + random.nextInt(15_000)] ^= (byte) (1 + random.nextInt(255));
        }
        DecodedAudio damaged = AudioDecoder.decode(mp4);
        assertEquals(clean.samples().length, damaged.samples().length);
        for (float s : damaged.samples()) {
            assertTrue(Float.isFinite(s));
        }
    }

    @Test
    void damagedMp3FramesStillGiveAClip() throws IOException {
        byte[] mp3 = fixture("mp3_44k_stereo.mp3");
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            mp3[2000 + random.nextInt(mp3.length - 2000)] ^= (byte) (1 + random.nextInt(255));
        }
        DecodedAudio damaged = AudioDecoder.decode(mp3);
        assertTrue(damaged.samples().length > 40_000, damaged.toString());
    }

    @Test
    void randomBytesBehindEveryMagicGiveAMessageNotAnExceptionName() {
        Random random = new Random(7);
        String[] magics = {"fLaC", "ID3", "\u00FF\u00FB\u0090\u0064", "\0\0\0\u0018ftypisom", "\0\0\0\u0008wide"};
        for (String magic : magics) {
            for (int trial = 0; trial < 50; trial++) {
                byte[] head = magic.getBytes(StandardCharsets.ISO_8859_1);
                byte[] bytes = new byte[head.length + random.nextInt(4000)];
                random.nextBytes(bytes);
                System.arraycopy(head, 0, bytes, 0, head.length);
                try {
                    DecodedAudio audio = AudioDecoder.decode(bytes);
                    for (float s : audio.samples()) {
                        assertTrue(Float.isFinite(s));
                    }
                } catch (CorruptFileException | InvalidInputException e) {
                    assertMessageIsClean(e);
                }
            }
        }
    }

    // ------------------------------------------------------------ helpers

    private static <T extends TvltException> void assertMessage(Class<T> type, byte[] bytes, String part) {
        T e = assertThrows(type, () -> AudioDecoder.decode(bytes));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertMessageIsClean(e);
    }

    private static void assertMessageIsClean(Exception e) {
        String m = e.getMessage();
        assertTrue(m.startsWith("in-memory audio"), m);
        assertFalse(m.contains("Exception") || m.contains("java.") || m.contains("net.sourceforge")
                || m.contains("javazoom") || m.contains("org.jflac"), m);
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(ContainerFidelityTest.resource(name));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in fixture");
    }

    private static void writeU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
