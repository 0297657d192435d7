package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity of {@link TvltFeatureExtractor} with the reference's audio golden cases. {@code audio_values} and
 * every float32 stage are compared bit for bit ({@link Tolerance#EXACT}); the float64 stages at the
 * golden README's tolerances; masks exactly.
 */
class TvltFeatureExtractorGoldenTest {

    /** Cases whose output tensors the Java API reproduces; each is called the way its metadata describes. */
    private static final Set<String> OUTPUT_CASES = Set.of(
            "audio_2d_channels_first", "audio_2d_channels_last", "audio_batch3_padding",
            "audio_db_max_in_dropped_frame", "audio_doc_example_list", "audio_doc_example_ndarray_f64",
            "audio_extractor_sr16000", "audio_int16_ndarray", "audio_mask_audio_true", "audio_no_attention_mask",
            "audio_nondefault_params", "audio_sampling_rate_omitted", "audio_short_700", "audio_silence_zeros",
            "audio_speech_like_1p5s", "audio_too_short_300", "audio_truncation_spectrogram_length_64",
            "audio_wav_pcm16_44k", "processor_images_audio_mixed");

    /** Cases checked by a dedicated test below. */
    private static final Set<String> ERROR_CASES = Set.of("audio_sampling_rate_mismatch_error");

    /** Cases the Java API cannot express, with the reason. */
    private static final Map<String, String> NOT_APPLICABLE = Map.of(
            "audio_3d_error", "a 3-D numpy array has no Java counterpart: clips are float[]/double[] "
                    + "(one clip) or a List of them (a batch), so a rank-3 input cannot be written");

    @ParameterizedTest
    @ValueSource(strings = {
        "audio_2d_channels_first", "audio_2d_channels_last", "audio_batch3_padding",
        "audio_db_max_in_dropped_frame", "audio_doc_example_list", "audio_doc_example_ndarray_f64",
        "audio_extractor_sr16000", "audio_int16_ndarray", "audio_mask_audio_true", "audio_no_attention_mask",
        "audio_nondefault_params", "audio_sampling_rate_omitted", "audio_short_700", "audio_silence_zeros",
        "audio_speech_like_1p5s", "audio_too_short_300", "audio_truncation_spectrogram_length_64",
        "audio_wav_pcm16_44k", "processor_images_audio_mixed"})
    void audioValuesAndMaskAreBitExact(String name) {
        try (GoldenCase c = GoldenCase.open("processing/" + name + ".safetensors")) {
            AudioFeatures f = call(c);
            c.assertClose("expected.audio_values", f.audioValues().data(), f.audioValues().shape(), Tolerance.EXACT);
            if (c.has("expected.audio_mask")) {
                c.assertExact("expected.audio_mask", toLongs(f.audioMask().data()), f.audioMask().shape());
            } else {
                assertEquals("audio_no_attention_mask", name, "only that case omits the mask");
            }
        }
    }

    /** Calls the extractor through the overload that matches how the reference was called. */
    private static AudioFeatures call(GoldenCase c) {
        TvltFeatureExtractor extractor = AudioGoldenInputs.extractor(c);
        Integer rate = AudioGoldenInputs.samplingRate(c);
        String single = c.has("input.waveform") ? "input.waveform" : c.has("input.audio") ? "input.audio" : null;
        if (single != null && c.shape(single).length == 1 && AudioGoldenInputs.isFloat64(c, single)) {
            double[] clip = c.doubles(single);
            return rate == null ? extractor.extract(clip) : extractor.extract(clip, rate);
        }
        List<float[]> clips = AudioGoldenInputs.clips(c);
        if (single != null && c.shape(single).length == 1) {
            return rate == null ? extractor.extract(clips.get(0)) : extractor.extract(clips.get(0), rate);
        }
        return rate == null ? extractor.extractBatch(clips) : extractor.extractBatch(clips, rate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio_doc_example_list", "audio_short_700", "audio_nondefault_params",
        "audio_extractor_sr16000", "audio_speech_like_1p5s", "audio_db_max_in_dropped_frame"})
    void stagesMatchTheReference(String name) {
        try (GoldenCase c = GoldenCase.open("processing/" + name + ".safetensors")) {
            TvltFeatureExtractor extractor = AudioGoldenInputs.extractor(c);
            float[] clip = AudioGoldenInputs.clips(c).get(0);
            SpectrogramStages s = extractor.stages(clip);
            int bins = extractor.config().nFft() / 2 + 1;
            int mels = extractor.config().featureSize();
            int frames = s.frames();
            int checked = 0;
            for (String key : c.keys("expected.stage.")) {
                switch (key.substring("expected.stage.".length())) {
                    case "waveform_f32" -> c.assertClose(key, clip, new long[] {clip.length}, Tolerance.EXACT);
                    case "hann_window" -> c.assertClose(key, s.hannWindow(), new long[] {extractor.config().nFft()},
                            Tolerance.abs(1e-15));
                    case "mel_filters" -> c.assertClose(key, s.melFilters(), new long[] {mels, bins},
                            Tolerance.abs(1e-12));
                    case "power_spectrogram" -> c.assertClose(key, s.powerSpectrogram(), new long[] {bins, frames},
                            relativeToMax(c.doubles(key)));
                    case "mel_spectrogram" -> c.assertClose(key, s.melSpectrogram(), new long[] {mels, frames},
                            relativeToMax(c.doubles(key)));
                    case "db_unclipped" -> c.assertClose(key, s.dbUnclipped(), new long[] {mels, frames},
                            Tolerance.EXACT);
                    case "db_spectrogram" -> c.assertClose(key, s.dbSpectrogram(), new long[] {mels, frames},
                            Tolerance.EXACT);
                    case "log_spec" -> c.assertClose(key, s.logSpec(), new long[] {mels, Math.max(frames - 1, 0)},
                            Tolerance.EXACT);
                    default -> throw new AssertionError("unknown stage " + key);
                }
                checked++;
            }
            assertTrue(checked >= 5, name + " holds at least five stages");
        }
    }

    /** README: power and mel spectrograms within rel 1e-6 plus abs 1e-9 x max of the array. */
    private static Tolerance relativeToMax(double[] expected) {
        double max = 0;
        for (double v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        return new Tolerance(1e-9 * max, 1e-6);
    }

    @Test
    void theDbFloorUsesTheDroppedLastFrame() {
        try (GoldenCase c = GoldenCase.open("processing/audio_db_max_in_dropped_frame.safetensors")) {
            SpectrogramStages s = AudioGoldenInputs.extractor(c).stages(AudioGoldenInputs.clips(c).get(0));
            int frames = s.frames();
            float maxKept = Float.NEGATIVE_INFINITY;
            float maxLast = Float.NEGATIVE_INFINITY;
            for (int m = 0; m < 128; m++) {
                for (int t = 0; t < frames; t++) {
                    float v = s.dbUnclipped()[m * frames + t];
                    if (t == frames - 1) {
                        maxLast = Math.max(maxLast, v);
                    } else {
                        maxKept = Math.max(maxKept, v);
                    }
                }
            }
            assertTrue(maxLast > maxKept + 5, "the case's maximum sits in the dropped frame");
        }
    }

    @Test
    void samplingRateMismatchRaisesTheReferenceMessage() {
        try (GoldenCase c = GoldenCase.open("processing/audio_sampling_rate_mismatch_error.safetensors")) {
            TvltFeatureExtractor extractor = AudioGoldenInputs.extractor(c);
            float[] clip = AudioGoldenInputs.clips(c).get(0);
            int rate = AudioGoldenInputs.samplingRate(c);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> extractor.extract(clip, rate));
            assertEquals(c.meta().get("expected_error").get("message").asText(), e.getMessage());
            InvalidInputException batch = assertThrows(InvalidInputException.class,
                    () -> extractor.extractBatch(List.of(clip), rate));
            assertEquals(e.getMessage(), batch.getMessage());
        }
    }

    @Test
    void everyAudioGoldenCaseIsCoveredOrListedAsNotApplicable() throws IOException {
        Set<String> present;
        try (Stream<Path> files = Files.list(GoldenFiles.resolve("processing"))) {
            present = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("audio_") && n.endsWith(".safetensors"))
                    .map(n -> n.substring(0, n.length() - ".safetensors".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> known = new TreeSet<>(OUTPUT_CASES);
        known.addAll(ERROR_CASES);
        known.addAll(NOT_APPLICABLE.keySet());
        known.remove("processor_images_audio_mixed");
        assertEquals(present, known);
        for (String na : NOT_APPLICABLE.keySet()) {
            try (GoldenCase c = GoldenCase.open("processing/" + na + ".safetensors")) {
                assertTrue(c.meta().has("expected_error"), na + " is an error case of the reference");
            }
        }
    }

    private static long[] toLongs(float[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
            assertEquals(out[i], v[i], 0.0, "mask values are integral");
        }
        return out;
    }
}
