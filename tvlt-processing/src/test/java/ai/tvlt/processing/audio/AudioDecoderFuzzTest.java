package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenFiles;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target (Jazzer) for audio decoding ({@link AudioDecoder#decode(byte[])}: WAV, FLAC, MP3
 * and the MP4/MOV/M4A demuxer with AAC, sniffed by content, so any bytes may reach any of them) and what
 * follows it in a pipeline: resampling to the extractor's rate and feature extraction. Whatever the bytes,
 * only {@link CorruptFileException} or {@link InvalidInputException} escape, with a message naming the
 * source; a file that decodes gives finite samples, a bounded sample count (no more sample frames than bytes
 * for WAV, {@link AudioDecoder#MAX_DECODED_SAMPLES} for compressed formats), a positive rate and channel
 * count, and finite features (or the extractor's documented refusal of samples whose float32 spectrum
 * overflows). Replays its seeds ({@code AudioDecoderFuzzTestInputs/wavBytes/}: WAV files written by
 * {@link WavSeeds}, and 0.1 s MP3, FLAC, M4A and MP4 files made by {@code containers/make-fixtures.sh}) in a
 * normal {@code mvn test}; fuzzes with {@code -Pfuzz} (see {@code .ci/fuzz}).
 */
class AudioDecoderFuzzTest {

    /** Longest resampled clip the target makes (resampling cost grows with the output length). */
    private static final long MAX_RESAMPLED = 1 << 16;
    /**
     * Most filter phases of a resampling the target makes: the common rates (8, 16, 22.05, 32, 48, 96 kHz ...)
     * need at most 441; an odd rate such as 44099 Hz needs 44100, whose phase table takes the resampler a
     * second to compute, too slow for a fuzzing run (it is exercised by ResamplerTest).
     */
    private static final int MAX_PHASES = 441;
    /** A short extractor keeps each execution cheap: 64 spectrogram frames at most. */
    private static final TvltFeatureExtractor EXTRACTOR = new TvltFeatureExtractor(
            ai.tvlt.core.config.TvltFeatureExtractorConfig.builder().spectrogramLength(64).build());

    @FuzzTest(maxDuration = "60s")
    void wavBytes(byte[] data) {
        DecodedAudio audio;
        try {
            audio = AudioDecoder.decode(data);
        } catch (CorruptFileException | InvalidInputException e) {
            assertTrue(e.getMessage().startsWith("in-memory audio"), "message names the source: " + e.getMessage());
            return;
        }
        assertTrue(audio.samplingRate() > 0 && audio.channels() > 0, audio.toString());
        // WAV holds at most one sample frame per byte; compressed formats are capped at MAX_DECODED_SAMPLES
        assertTrue(audio.samples().length <= Math.max(data.length, AudioDecoder.MAX_DECODED_SAMPLES),
                "bounded sample count: " + audio);
        for (float s : audio.samples()) {
            assertTrue(Float.isFinite(s), "finite samples");
        }
        int target = EXTRACTOR.samplingRate();
        if (target / gcd(audio.samplingRate(), target) > MAX_PHASES) {
            return;
        }
        Resampler resampler = Resampler.of(audio.samplingRate(), target);
        if (resampler.outputLength(audio.samples().length) > MAX_RESAMPLED) {
            return;
        }
        DecodedAudio atRate = Resampler.resample(audio, EXTRACTOR.samplingRate());
        assertEquals(resampler.outputLength(audio.samples().length), atRate.samples().length);
        FloatTensor values;
        try {
            values = EXTRACTOR.extract(atRate).audioValues();
        } catch (InvalidInputException documented) {
            // float samples so large that the float32 spectrum overflows are refused, as documented
            assertTrue(documented.getMessage().startsWith("audio clip 0"), documented.getMessage());
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            assertTrue(Float.isFinite(values.get(i)), "finite audio_values");
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The golden WAV file (88 kB, too large for a useful seed) passes the target too. */
    @org.junit.jupiter.api.Test
    void goldenWavPassesTheTarget() throws IOException {
        byte[] wav = Files.readAllBytes(GoldenFiles.resolve("processing/media/audio_speech_44100_pcm16.wav"));
        wavBytes(wav);
        wavBytes(Arrays.copyOf(wav, wav.length / 3));
    }
}
