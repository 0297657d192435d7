package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.testing.GoldenFiles;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt preprocess --video FILE}: a video file is a whole clip, its sound track the clip's audio
 * (issue 16, SPEC section 4). The clips are 1 s H.264 + AAC MP4 files made with ffmpeg
 * ({@code tvlt-processing/src/test/resources/ai/tvlt/processing/audio/containers/make-fixtures.sh}).
 */
class PreprocessSoundtrackTest {

    private static final String WAV = "processing/media/audio_speech_44100_pcm16.wav";

    @Test
    void aVideoFileAloneGivesItsFramesAndItsSoundtrack(@TempDir Path dir) {
        Path mp4 = media("mp4_h264_aac_44k_stereo.mp4");
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("preprocess", "--video", mp4.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        AudioFeatures expected = features(mp4);
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            assertArrayEquals(new long[] {1, 8, 3, 224, 224}, file.info("pixel_values").shape());
            assertArrayEquals(expected.audioValues().shape(), file.info("audio_values").shape());
            assertArrayEquals(expected.audioValues().data(), file.readFloats("audio_values"));
            assertArrayEquals(expected.audioMask().data(), file.readFloats("audio_mask"));
        }
    }

    @Test
    void audioGivenOverridesTheSoundtrack(@TempDir Path dir) {
        Path mp4 = media("mp4_h264_aac_44k_stereo.mp4");
        Path wav = GoldenFiles.resolve(WAV);
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("preprocess", "--video", mp4.toString(), "--audio", wav.toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            assertArrayEquals(features(wav).audioValues().data(), file.readFloats("audio_values"));
            assertEquals(1, file.info("audio_values").shape()[0]);
        }
    }

    @Test
    void aVideoWithoutSoundTrackIsVideoOnly(@TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("preprocess", "--video", media("mp4_h264_no_audio.mp4").toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            assertTrue(file.contains("pixel_values"));
            assertFalse(file.contains("audio_values"));
        }
    }

    @Test
    void videosOfWhichOnlySomeHaveSoundAreRefused(@TempDir Path dir) {
        Path silent = media("mp4_h264_no_audio.mp4");
        CliRun run = CliRun.tvlt("preprocess", "--video", media("mp4_h264_aac_44k_stereo.mp4").toString(),
                "--video", silent.toString(), "--out", dir.resolve("out.safetensors").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode(), run.err());
        String line = run.singleErrorLine();
        assertTrue(line.contains("--video " + silent + " gives no audio"), line);
    }

    private static AudioFeatures features(Path file) {
        return TvltProcessor.defaults().featureExtractor().extract(Resampler.resample(AudioDecoder.read(file), 44100));
    }

    private static Path media(String name) {
        try {
            return Path.of(PreprocessSoundtrackTest.class.getResource("/media/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
