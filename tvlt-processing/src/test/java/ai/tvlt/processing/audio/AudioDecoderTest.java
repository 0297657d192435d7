package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioDecoderTest {

    @TempDir
    Path tmp;

    // ------------------------------------------------------------ golden WAV, end to end

    @Test
    void goldenPcm16WavDecodesToTheReferenceWaveformAndFeatures() {
        DecodedAudio audio = AudioDecoder.read(GoldenFiles.resolve("processing/media/audio_speech_44100_pcm16.wav"));
        assertEquals(44100, audio.samplingRate());
        assertEquals(1, audio.channels());
        assertEquals(16, audio.bitsPerSample());
        assertFalse(audio.floatingPoint());
        try (GoldenCase c = GoldenCase.open("processing/audio_wav_pcm16_44k.safetensors")) {
            c.assertClose("input.waveform", audio.samples(), new long[] {audio.samples().length}, Tolerance.EXACT);
            AudioFeatures f = AudioGoldenInputs.extractor(c).extract(audio);
            c.assertClose("expected.audio_values", f.audioValues().data(), f.audioValues().shape(), Tolerance.EXACT);
            c.assertClose("expected.audio_mask", f.audioMask().data(), f.audioMask().shape(), Tolerance.EXACT);
        }
    }

    // ------------------------------------------------------------ supported formats

    @Test
    void pcm8IsUnsignedWithOffset128() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(8, 1, 0, 128, 255, 64).bytes());
        assertArrayEquals(new float[] {-1f, 0f, 127f / 128, -0.5f}, a.samples());
        assertEquals(8, a.bitsPerSample());
    }

    @Test
    void pcm16IsDividedBy32768() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(16, 1, -32768, 32767, 0, 1, -1).bytes());
        assertArrayEquals(new float[] {-1f, 32767f / 32768, 0f, 1f / 32768, -1f / 32768}, a.samples());
        assertEquals(44100, a.samplingRate());
    }

    @Test
    void pcm24IsSignExtendedAndDividedBy2To23() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(24, 1, -8388608, 8388607, 1, -2, 0x123456).bytes());
        assertArrayEquals(new float[] {-1f, 8388607f / 8388608, 1f / 8388608, -2f / 8388608, 0x123456 / 8388608f},
                a.samples());
    }

    @Test
    void pcm32IsDividedBy2To31() {
        DecodedAudio a = AudioDecoder.decode(
                TestWavFile.pcm(32, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, -123456789).bytes());
        assertArrayEquals(new float[] {-1f, (float) (Integer.MAX_VALUE / 2147483648.0), 0.5f,
            (float) (-123456789 / 2147483648.0)}, a.samples());
    }

    @Test
    void float32IsKeptAsStored() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.float32(1, 0.5f, -0.25f, 1e-7f, 1.5f).bytes());
        assertArrayEquals(new float[] {0.5f, -0.25f, 1e-7f, 1.5f}, a.samples());
        assertTrue(a.floatingPoint());
        assertEquals(32, a.bitsPerSample());
    }

    @Test
    void float64IsRoundedToFloat32() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.float64(1, 0.1, -0.75, 1.0 / 3).bytes());
        assertArrayEquals(new float[] {0.1f, -0.75f, (float) (1.0 / 3)}, a.samples());
        assertEquals(64, a.bitsPerSample());
    }

    @Test
    void stereoPcm16IsAveragedToMono() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(16, 2, 16384, 0, -32768, 32767, 100, 100).bytes());
        assertArrayEquals(new float[] {0.25f, -0.5f / 32768, 100f / 32768}, a.samples());
        assertEquals(2, a.channels());
    }

    @Test
    void threeChannelsAreAveragedInDouble() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(16, 3, 1, 2, 4, -32768, -32768, -32768).bytes());
        assertArrayEquals(new float[] {(float) (7 / 32768.0 / 3), -1f}, a.samples());
    }

    @Test
    void extensiblePcm24StereoAndExtensibleFloatDecode() {
        DecodedAudio pcm = AudioDecoder.decode(TestWavFile.pcm(24, 2, 4194304, -4194304, 8388607, 8388607)
                .extensible().bytes());
        assertArrayEquals(new float[] {0f, 8388607f / 8388608}, pcm.samples());
        DecodedAudio flt = AudioDecoder.decode(TestWavFile.float32(1, 0.125f, -1f).extensible().bytes());
        assertArrayEquals(new float[] {0.125f, -1f}, flt.samples());
        assertTrue(flt.floatingPoint());
    }

    @Test
    void unknownChunksAndPadBytesAreSkipped() {
        TestWavFile w = TestWavFile.pcm(16, 1, 1000, -1000);
        w.withListChunk = true;
        w.samplingRate = 22050;
        DecodedAudio a = AudioDecoder.decode(w.bytes());
        assertArrayEquals(new float[] {1000f / 32768, -1000f / 32768}, a.samples());
        assertEquals(22050, a.samplingRate());
    }

    @Test
    void readsFromAFile() throws IOException {
        Path f = tmp.resolve("x.wav");
        Files.write(f, TestWavFile.pcm(16, 1, 3, 4).bytes());
        DecodedAudio a = AudioDecoder.read(f);
        assertArrayEquals(new float[] {3f / 32768, 4f / 32768}, a.samples());
    }

    @Test
    void aDataChunkWithATrailingPartialFrameKeepsTheWholeFrames() {
        TestWavFile w = TestWavFile.pcm(16, 2, 1, 1, 2, 2);
        w.data = Arrays.copyOf(w.data, w.data.length + 2);
        DecodedAudio a = AudioDecoder.decode(w.bytes());
        assertEquals(2, a.samples().length);
    }

    @Test
    void emptyDataChunkGivesAnEmptyClip() {
        DecodedAudio a = AudioDecoder.decode(TestWavFile.pcm(16, 1).bytes());
        assertEquals(0, a.samples().length);
    }

    // ------------------------------------------------------------ unsupported and hostile input

    @Test
    void otherContainersAreRejectedAsUnsupported() {
        assertMessage(bytes("fLaC\0\0\0\"abcdefgh"), "FLAC");
        assertMessage(bytes("OggS\0\2\0\0\0\0\0\0\0\0"), "Ogg");
        assertMessage(bytes("ID3\4\0\0\0\0\0\0abcd"), "MP3");
        assertMessage(bytes("FORM\0\0\0\4AIFF"), "AIFF");
        assertMessage(bytes("RIFF\4\0\0\0AVI "), "type 'AVI '");
        assertMessage(bytes("RF64\377\377\377\377WAVE"), "RF64");
        assertMessage(bytes("\0\0\0\30ftypM4A "), "MP4");
        assertMessage(new byte[0], "empty file");
        assertMessage(bytes("RIFF"), "too short");
    }

    @Test
    void compressedEncodingsAndOddSampleSizesAreRejected() {
        TestWavFile alaw = TestWavFile.pcm(8, 1, 1, 2);
        alaw.formatTag = 6;
        assertMessage(alaw.bytes(), "A-law");
        TestWavFile pcm12 = TestWavFile.pcm(16, 1, 1, 2);
        pcm12.bitsPerSample = 12;
        pcm12.blockAlign = 2;
        assertMessage(pcm12.bytes(), "12-bit PCM");
        TestWavFile float16 = TestWavFile.pcm(16, 1, 1, 2);
        float16.formatTag = 3;
        assertMessage(float16.bytes(), "16-bit float");
        TestWavFile badGuid = TestWavFile.pcm(16, 1, 1, 2).extensible();
        badGuid.extensibleSubFormat = 2;
        byte[] b = badGuid.bytes();
        b[12 + 8 + 24 + 4] ^= 0x55;
        assertMessage(b, "sub-format");
    }

    @Test
    void sizesBeyondTheFileAreRejectedWithoutReadingOrAllocating() {
        TestWavFile data = TestWavFile.pcm(16, 1, 1, 2, 3);
        data.dataSizeOverride = 0xFFFFFFF0L;
        assertMessage(data.bytes(), "declares 4294967280 bytes");
        TestWavFile riff = TestWavFile.pcm(16, 1, 1, 2, 3);
        riff.riffSizeOverride = 0x7FFFFFFFL;
        assertMessage(riff.bytes(), "RIFF size 2147483647 exceeds the file");
        byte[] truncated = TestWavFile.pcm(16, 1, 1, 2, 3, 4).bytes();
        assertMessage(Arrays.copyOf(truncated, truncated.length - 3), "RIFF size");
    }

    @Test
    void malformedFormatChunksAreRejected() {
        TestWavFile zero = TestWavFile.pcm(16, 1, 1, 2);
        zero.channels = 0;
        zero.blockAlign = 0;
        assertMessage(zero.bytes(), "zero channels");
        TestWavFile oddAlign = TestWavFile.pcm(16, 1, 1, 2);
        oddAlign.blockAlign = 3;
        assertMessage(oddAlign.bytes(), "block align 3");
        TestWavFile hugeAlign = TestWavFile.pcm(16, 2, 1, 2);
        hugeAlign.blockAlign = 65535;
        assertMessage(hugeAlign.bytes(), "block align 65535");
        TestWavFile rate = TestWavFile.pcm(16, 1, 1, 2);
        rate.samplingRate = 0;
        assertMessage(rate.bytes(), "sampling rate 0");
        TestWavFile negativeRate = TestWavFile.pcm(16, 1, 1, 2);
        negativeRate.samplingRate = 0xFFFFFFFFL;
        assertMessage(negativeRate.bytes(), "sampling rate 4294967295");
        TestWavFile early = TestWavFile.pcm(16, 1, 1, 2);
        early.dataBeforeFmt = true;
        assertMessage(early.bytes(), "before the fmt chunk");
    }

    @Test
    void missingChunksAreRejected() {
        byte[] onlyHeader = bytes("RIFF\4\0\0\0WAVE");
        assertMessage(onlyHeader, "no fmt chunk");
        byte[] full = TestWavFile.pcm(16, 1, 1, 2).bytes();
        byte[] noData = Arrays.copyOf(full, 12 + 8 + 16);
        noData[4] = (byte) (noData.length - 8);
        noData[5] = noData[6] = noData[7] = 0;
        assertMessage(noData, "no data chunk");
        byte[] shortFmt = bytes("RIFF\24\0\0\0WAVEfmt \10\0\0\0\1\0\1\0\0\0\0\0");
        assertMessage(shortFmt, "fmt chunk of 8 bytes");
    }

    @Test
    void nonFiniteFloatSamplesAreRejected() {
        assertMessage(TestWavFile.float32(1, 0f, Float.NaN).bytes(), "sample frame 1 is NaN");
        assertMessage(TestWavFile.float64(1, 1e300).bytes(), "beyond the float32 range");
    }

    @Test
    void aHostileFileOnDiskIsRejectedWithItsName() throws IOException {
        TestWavFile w = TestWavFile.pcm(16, 1, 1, 2, 3);
        w.dataSizeOverride = 0xFFFFFFF0L;
        w.riffSizeOverride = 0xFFFFFFF8L;
        Path f = tmp.resolve("hostile.wav");
        Files.write(f, w.bytes());
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> AudioDecoder.read(f));
        assertTrue(e.getMessage().contains("hostile.wav") && e.getMessage().contains("exceeds the file"),
                e.getMessage());
        TestWavFile ok = TestWavFile.pcm(16, 1, 1, 2, 3);
        byte[] b = ok.bytes();
        Files.write(f, Arrays.copyOf(b, b.length - 4));
        assertThrows(CorruptFileException.class, () -> AudioDecoder.read(f));
    }

    @Test
    void aMissingFileIsAnInvalidInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AudioDecoder.read(tmp.resolve("none.wav")));
        assertTrue(e.getMessage().contains("none.wav"), e.getMessage());
    }

    @Test
    void randomlyCorruptedFilesFailOnlyWithTvltExceptions() {
        byte[] valid = TestWavFile.pcm(24, 2, 1, 2, 3, 4, 5, 6).extensible().bytes();
        Random random = new Random(42);
        int decoded = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            try {
                DecodedAudio a = AudioDecoder.decode(b);
                assertTrue(a.samples().length <= b.length, "never more samples than bytes");
                decoded++;
            } catch (TvltException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
        assertTrue(decoded > 0, "some corruptions hit sample bytes only and still decode");
    }

    private static void assertMessage(byte[] file, String fragment) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> AudioDecoder.decode(file));
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
