package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration, bad input and invariants of {@link TvltFeatureExtractor} beyond the golden cases. */
class TvltFeatureExtractorTest {

    private static final TvltFeatureExtractor DEFAULT = TvltFeatureExtractor.defaults();

    @TempDir
    Path tmp;

    @Test
    void defaultsAreTheReferences() {
        assertEquals(TvltFeatureExtractorConfig.defaults(), DEFAULT.config());
        assertEquals(44100, DEFAULT.samplingRate());
        assertEquals(512, DEFAULT.config().hopLength());
    }

    @Test
    void fromJsonReadsTheFeatureExtractorKeysAndIgnoresTheRest() throws IOException {
        Path json = tmp.resolve("preprocessor_config.json");
        Files.writeString(json, "{\"feature_extractor_type\": \"TvltFeatureExtractor\", \"image_mean\": [0.5, 0.5, 0.5],"
                + " \"spectrogram_length\": 512, \"patch_size\": [16, 16], \"feature_size\": 64, \"n_fft\": 1024,"
                + " \"hop_length_to_sampling_rate\": 100, \"padding_value\": -1.0, \"hop_length\": 441,"
                + " \"mel_filters\": [[0.0]], \"sampling_rate\": 44100, \"num_channels\": 1}");
        TvltFeatureExtractor x = TvltFeatureExtractor.fromJson(json);
        assertEquals(512, x.config().spectrogramLength());
        assertEquals(64, x.config().featureSize());
        assertEquals(441, x.config().hopLength());
        AudioFeatures f = x.extract(new float[441 * 20], 44100);
        assertArrayEquals(new long[] {1, 1, 32, 64}, f.audioValues().shape());
        assertEquals(-1.0f, f.audioValues().get(32 * 64 - 1), "padding_value fills the rows past the clip");
    }

    @Test
    void badConfigurationIsAConfigException() throws IOException {
        assertThrows(ConfigException.class, () -> config().nFft(0).build());
        assertThrows(ConfigException.class, () -> config().featureSize(8).build());
        assertThrows(ConfigException.class, () -> config().samplingRate(80).build());
        assertThrows(ConfigException.class,
                () -> new TvltFeatureExtractor(config().nFft((1 << 20) + 2).build()));
        assertThrows(ConfigException.class, () -> new TvltFeatureExtractor(config().paddingValue(1e39).build()));
        Path json = tmp.resolve("bad.json");
        Files.writeString(json, "{\"n_fft\": \"2048\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> TvltFeatureExtractor.fromJson(json));
        assertTrue(e.getMessage().contains("n_fft"), e.getMessage());
        assertThrows(ConfigException.class, () -> TvltFeatureExtractor.fromJson(tmp.resolve("missing.json")));
    }

    private static TvltFeatureExtractorConfig.Builder config() {
        return TvltFeatureExtractorConfig.builder();
    }

    @Test
    void nonFiniteSamplesNameTheClipAndTheSample() {
        float[] good = new float[3000];
        float[] bad = new float[3000];
        bad[1234] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DEFAULT.extractBatch(List.of(good, bad), 44100));
        assertTrue(e.getMessage().contains("clip 1") && e.getMessage().contains("sample 1234"), e.getMessage());
        bad[1234] = Float.POSITIVE_INFINITY;
        assertThrows(InvalidInputException.class, () -> DEFAULT.extract(bad, 44100));
        double[] overflow = new double[100];
        overflow[7] = 1e39;
        InvalidInputException o = assertThrows(InvalidInputException.class, () -> DEFAULT.extract(overflow, 44100));
        assertTrue(o.getMessage().contains("sample 7") && o.getMessage().contains("overflows float32"), o.getMessage());
        double[] nan = new double[100];
        nan[99] = Double.NaN;
        assertThrows(InvalidInputException.class, () -> DEFAULT.extract(nan));
    }

    @Test
    void samplesSoLargeThatTheFloat32SpectrumOverflowsAreRejected() {
        float[] huge = new float[5000];
        Arrays.fill(huge, 1e36f);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DEFAULT.extract(huge, 44100));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void nullAndEmptyBatchesAreRejected() {
        assertThrows(InvalidInputException.class, () -> DEFAULT.extractBatch(null, 44100));
        assertThrows(InvalidInputException.class, () -> DEFAULT.extractBatch(List.of(), 44100));
        assertThrows(InvalidInputException.class, () -> DEFAULT.extractBatchOfDoubles(List.of(), 44100));
        List<float[]> withNull = new ArrayList<>();
        withNull.add(new float[10]);
        withNull.add(null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DEFAULT.extractBatch(withNull));
        assertTrue(e.getMessage().contains("clip 1"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> DEFAULT.extract((float[]) null, 44100));
    }

    @Test
    void anEmptyClipYieldsZeroFramesLikeATooShortOne() {
        AudioFeatures empty = DEFAULT.extract(new float[0], 44100);
        assertArrayEquals(new long[] {1, 1, 0, 128}, empty.audioValues().shape());
        assertArrayEquals(new long[] {1, 0}, empty.audioMask().shape());
        AudioFeatures mixed = DEFAULT.extractBatch(List.of(new float[0], new float[600]), 44100);
        assertArrayEquals(new long[] {2, 1, 16, 128}, mixed.audioValues().shape());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, mixed.audioMask().data());
    }

    @Test
    void anOutputBeyondJavaArraysIsRejectedBeforeAnyWork() {
        TvltFeatureExtractor wide = new TvltFeatureExtractor(config().samplingRate(86).hopLengthToSamplingRate(86)
                .nFft(2).featureSize(65536).spectrogramLength(1 << 20).build());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> wide.extract(new float[40000], 86));
        assertTrue(e.getMessage().contains("audio_values"), e.getMessage());
    }

    @Test
    void singleAndBatchCallsAgreeAndDoublesAreRoundedToFloat32() {
        Random r = new Random(7);
        double[] d = new double[9000];
        float[] f = new float[9000];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * 0.1;
            f[i] = (float) d[i];
        }
        AudioFeatures one = DEFAULT.extract(f, 44100);
        assertEquals(one.audioValues(), DEFAULT.extract(d, 44100).audioValues());
        assertEquals(one.audioValues(), DEFAULT.extract(f).audioValues());
        assertEquals(one.audioValues(), DEFAULT.extractBatchOfDoubles(List.of(d), 44100).audioValues());
        AudioFeatures batch = DEFAULT.extractBatch(List.of(new float[30000], f), 44100);
        float[] second = Arrays.copyOfRange(batch.audioValues().data(), 64 * 128, 64 * 128 + 32 * 128);
        assertArrayEquals(one.audioValues().data(), second);
    }

    @Test
    void concurrentCallsOnOneExtractorGiveTheSameResult() throws Exception {
        Random r = new Random(3);
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] c = new float[20000 + 3000 * i];
            for (int k = 0; k < c.length; k++) {
                c[k] = (float) r.nextGaussian();
            }
            clips.add(c);
        }
        List<AudioFeatures> sequential = new ArrayList<>();
        for (float[] c : clips) {
            sequential.add(DEFAULT.extract(c, 44100));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<AudioFeatures>> futures = new ArrayList<>();
                for (float[] c : clips) {
                    futures.add(pool.submit(() -> DEFAULT.extract(c, 44100)));
                }
                for (int i = 0; i < clips.size(); i++) {
                    assertEquals(sequential.get(i).audioValues(), futures.get(i).get().audioValues());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oddFftSizesMatchADirectDft() {
        TvltFeatureExtractor odd = new TvltFeatureExtractor(config().nFft(1023).featureSize(32).build());
        Random r = new Random(11);
        float[] x = new float[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        SpectrogramStages s = odd.stages(x);
        int n = 1023;
        int bins = n / 2 + 1;
        double[] window = PowerSpectrogram.periodicHann(n);
        int frames = s.frames();
        assertEquals(1 + (3000 + 2 * 511 - 1023) / 512, frames);
        for (int t : new int[] {0, 3, frames - 1}) {
            for (int k = 0; k < bins; k += 37) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < n; j++) {
                    double v = x[PowerSpectrogram.reflect((long) t * 512 + j - 511, x.length)] * window[j];
                    re += v * Math.cos(2 * Math.PI * k * j / n);
                    im -= v * Math.sin(2 * Math.PI * k * j / n);
                }
                double expected = Math.pow((float) re, 2) + Math.pow((float) im, 2);
                assertEquals(expected, s.powerSpectrogram()[k * frames + t], 1e-5 * expected + 1e-9,
                        "frame " + t + " bin " + k);
            }
        }
    }

    @Test
    void reflectPaddingMatchesNumpy() {
        // numpy.pad([0, 1, 2], 5, mode="reflect") = [1 0 1 2 1 | 0 1 2 | 1 0 1 2 1]
        int[] expected = {1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], PowerSpectrogram.reflect(i - 5, 3), "index " + (i - 5));
        }
        assertEquals(0, PowerSpectrogram.reflect(-7, 1));
    }

    @Test
    void theWrongSamplingRateIsRefusedEvenForDecodedAudio() {
        DecodedAudio a = new DecodedAudio(new float[4000], 48000, 2, 16, false);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DEFAULT.extract(a));
        assertTrue(e.getMessage().contains("not 48000"), e.getMessage());
        AudioFeatures f = DEFAULT.extract(Resampler.resample(a, 44100));
        assertArrayEquals(new long[] {1, 1, 16, 128}, f.audioValues().shape());
    }
}
