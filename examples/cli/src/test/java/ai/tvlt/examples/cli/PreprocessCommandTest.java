package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tvlt preprocess} against the golden processing cases (SPEC section 4): every case expressible
 * through {@code --tensors} is written as a tensor file with a {@code --config} built from the case's
 * metadata, run through the command, and compared with its {@code expected.*} tensors: values
 * {@link Tolerance#EXACT} (the library is bit-exact on these inputs), masks exact, dtypes F32/I64.
 */
class PreprocessCommandTest {

    private static final String WAV = "processing/media/audio_speech_44100_pcm16.wav";

    @ParameterizedTest
    @ValueSource(strings = {"audio_2d_channels_first", "audio_2d_channels_last", "audio_batch3_padding",
        "audio_db_max_in_dropped_frame", "audio_doc_example_list", "audio_doc_example_ndarray_f64",
        "audio_extractor_sr16000", "audio_mask_audio_true", "audio_no_attention_mask", "audio_nondefault_params",
        "audio_sampling_rate_omitted", "audio_short_700", "audio_silence_zeros", "audio_speech_like_1p5s",
        "audio_too_short_300", "audio_truncation_spectrogram_length_64", "audio_wav_pcm16_44k"})
    void audioCasesMatchTheReference(String id, @TempDir Path dir) throws IOException {
        try (GoldenCase c = golden(id)) {
            Path config = PreprocessGoldenInputs.write(
                    PreprocessGoldenInputs.audioConfig(c.meta().get("constructor")), dir.resolve("config.json"));
            SafetensorsWriter in = new SafetensorsWriter();
            PreprocessGoldenInputs.waveforms(c, in);
            in.write(dir.resolve("in.safetensors"));
            JsonNode rate = c.meta().get("arguments").get("sampling_rate");
            List<String> args = new java.util.ArrayList<>(List.of("preprocess", "--config", config.toString(),
                    "--tensors", dir.resolve("in.safetensors").toString(), "--out", dir.resolve("out.safetensors")
                            .toString()));
            if (rate != null && !rate.isNull()) {
                args.addAll(List.of("--sampling-rate", rate.asText()));
            }
            assertSuccess(CliRun.tvlt(args.toArray(String[]::new)));
            try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
                assertEquals(Set.of("audio_values", "audio_mask"), out.names());
                assertAudio(c, out);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"image_500x375", "image_crop_pad_odd_no_resize", "image_landscape_320x240",
        "image_nondefault_bicubic", "image_portrait_240x320", "image_resize_below_crop_odd", "image_resize_identity",
        "image_tiny_no_resize_crop_pads", "image_tiny_upscale", "image_uint8_hwc_equivalent", "jpeg_q90_image",
        "png_frames_video", "video_10_frames_ctor_num_frames_16", "video_3_frames", "video_8_frames"})
    void imageAndVideoCasesMatchTheReference(String id, @TempDir Path dir) throws IOException {
        try (GoldenCase c = golden(id)) {
            Path out = runFrames(c, dir);
            try (SafetensorsFile file = SafetensorsFile.open(out)) {
                assertEquals(Set.of("pixel_values", "pixel_mask"), file.names());
                assertPixels(c, file, "pixel_values", "pixel_mask");
            }
        }
    }

    @Test
    void raggedVideosArePaddedWithZeroFramesMaskedOut(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("batch_2_videos_ragged")) {
            Path out = runFrames(c, dir);
            try (SafetensorsFile file = SafetensorsFile.open(out)) {
                assertEquals(DType.I64, file.info("pixel_mask").dtype());
                c.assertExact("expected.pixel_mask", file.readLongs("pixel_mask"), file.info("pixel_mask").shape());
                long[] shape = file.info("pixel_values").shape();
                assertArrayEquals(new long[] {2, 4, 3, 64, 64}, shape);
                float[] values = file.readFloats("pixel_values");
                int frame = 3 * 64 * 64;
                for (int v = 0; v < 2; v++) {
                    long[] expectedShape = c.shape("expected.pixel_values." + v);
                    int valid = (int) expectedShape[0];
                    float[] kept = Arrays.copyOfRange(values, v * 4 * frame, v * 4 * frame + valid * frame);
                    c.assertClose("expected.pixel_values." + v, kept, expectedShape, Tolerance.EXACT);
                    for (int i = v * 4 * frame + valid * frame; i < (v + 1) * 4 * frame; i++) {
                        assertEquals(0f, values[i], "padding of video " + v + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void imagesAudioAndMixedImagesInOneCall(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("processor_images_audio_mixed")) {
            JsonNode ctor = c.meta().get("constructor");
            ObjectNode config = PreprocessGoldenInputs.imageConfig(ctor.get("image_processor"), null);
            config.setAll(PreprocessGoldenInputs.audioConfig(ctor.get("feature_extractor")));
            PreprocessGoldenInputs.write(config, dir.resolve("config.json"));
            SafetensorsWriter in = new SafetensorsWriter();
            for (int f = 0; c.has("input.images.frame." + f); f++) {
                PreprocessGoldenInputs.copy(c, "input.images.frame." + f, in, "video.0.frame." + f);
            }
            for (int f = 0; c.has("input.images_mixed.frame." + f); f++) {
                PreprocessGoldenInputs.copy(c, "input.images_mixed.frame." + f, in, "input.video_mixed.0.frame." + f);
            }
            PreprocessGoldenInputs.copy(c, "input.audio", in, "waveform.0");
            in.write(dir.resolve("in.safetensors"));
            assertSuccess(CliRun.tvlt("preprocess", "--config", dir.resolve("config.json").toString(),
                    "--sampling-rate", "44100", "--tensors", dir.resolve("in.safetensors").toString(),
                    "--out", dir.resolve("out.safetensors").toString()));
            try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
                assertEquals(Set.of("audio_values", "audio_mask", "pixel_values", "pixel_mask", "pixel_values_mixed",
                        "pixel_mask_mixed"), out.names());
                assertAudio(c, out);
                assertPixels(c, out, "pixel_values", "pixel_mask");
                assertPixels(c, out, "pixel_values_mixed", "pixel_mask_mixed");
            }
        }
    }

    @Test
    void wavFileIsDecodedAsTheReferenceWasFed(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("audio_wav_pcm16_44k")) {
            Path config = PreprocessGoldenInputs.write(
                    PreprocessGoldenInputs.audioConfig(c.meta().get("constructor")), dir.resolve("config.json"));
            CliRun run = CliRun.tvlt("preprocess", "--config", config.toString(), "--audio",
                    GoldenFiles.resolve(WAV).toString(), "--out", dir.resolve("out.safetensors").toString());
            assertSuccess(run);
            assertEquals("", run.err(), "a 44.1 kHz file needs no resampling note");
            try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
                assertAudio(c, out);
            }
        }
    }

    @Test
    void wavFileAtAnotherRateIsResampledWithANote(@TempDir Path dir) throws IOException {
        Path wav = dir.resolve("tone_22050.wav");
        writePcm16Wav(wav, 22050, 11025);
        CliRun run = CliRun.tvlt("preprocess", "--audio", wav.toString(), "--out",
                dir.resolve("out.safetensors").toString());
        assertSuccess(run);
        assertEquals(List.of(PreprocessCommand.NOTE_PREFIX + wav + " is at 22050 Hz; resampled to 44100 Hz"),
                run.errLines());
        AudioFeatures expected = TvltProcessor.defaults().featureExtractor()
                .extract(Resampler.resample(AudioDecoder.read(wav), 44100));
        try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
            assertArrayEquals(expected.audioValues().shape(), out.info("audio_values").shape());
            assertArrayEquals(expected.audioValues().data(), out.readFloats("audio_values"));
            assertArrayEquals(expected.audioMask().data(), out.readFloats("audio_mask"));
        }
    }

    @Test
    void pngFramesFolderIsAVideo(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("png_frames_video")) {
            Path config = PreprocessGoldenInputs.write(PreprocessGoldenInputs.imageConfig(
                    c.meta().get("constructor"), c.meta().get("arguments")), dir.resolve("config.json"));
            Path frames = copyPngFrames(dir.resolve("frames"));
            assertSuccess(CliRun.tvlt("preprocess", "--config", config.toString(), "--video", frames.toString(),
                    "--out", dir.resolve("out.safetensors").toString()));
            try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
                assertPixels(c, out, "pixel_values", "pixel_mask");
            }
            // one image file is a 1-frame video: the first frame of the same expected tensor
            assertSuccess(CliRun.tvlt("preprocess", "--config", config.toString(), "--video",
                    frames.resolve("video_frame_0.png").toString(), "--out", dir.resolve("one.safetensors").toString()));
            try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("one.safetensors"))) {
                float[] all = c.floats("expected.pixel_values");
                assertArrayEquals(new long[] {1, 1, 3, 112, 112}, out.info("pixel_values").shape());
                assertArrayEquals(Arrays.copyOf(all, 3 * 112 * 112), out.readFloats("pixel_values"));
                assertArrayEquals(new long[] {1, 49}, out.info("pixel_mask").shape());
            }
        }
    }

    @Test
    void tensorInputsComeBeforeFileInputs(@TempDir Path dir) throws IOException {
        SafetensorsWriter in = new SafetensorsWriter();
        try (GoldenCase video = golden("video_3_frames"); GoldenCase audio = golden("audio_batch3_padding")) {
            PreprocessGoldenInputs.frames(video, in);
            PreprocessGoldenInputs.copy(audio, "input.waveform.2", in, "waveform.0");
        }
        in.write(dir.resolve("in.safetensors"));
        ObjectNode config = PreprocessGoldenInputs.defaultImageConfig();
        config.set("size", config.objectNode().put("shortest_edge", 64));
        config.set("crop_size", config.objectNode().put("height", 64).put("width", 64));
        PreprocessGoldenInputs.write(config, dir.resolve("config.json"));
        assertSuccess(CliRun.tvlt("preprocess", "--config", dir.resolve("config.json").toString(),
                "--tensors", dir.resolve("in.safetensors").toString(), "--video",
                copyPngFrames(dir.resolve("frames")).toString(), "--audio", GoldenFiles.resolve(WAV).toString(),
                "--out", dir.resolve("out.safetensors").toString()));
        try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
            // the tensor clip (5000 samples: 8 patches) first, then the 1 s WAV (48 patches)
            assertEquals(List.of(8L, 48L), onesPerRow(out.readFloats("audio_mask"), out.info("audio_mask").shape()));
            // the 3-frame tensor video first, then the 2-frame folder, padded to 3 frames
            long[] mask = out.readLongs("pixel_mask");
            float[] asFloats = new float[mask.length];
            for (int i = 0; i < mask.length; i++) {
                asFloats[i] = mask[i];
            }
            assertEquals(List.of(48L, 32L), onesPerRow(asFloats, out.info("pixel_mask").shape()));
            assertArrayEquals(new long[] {2, 3, 3, 64, 64}, out.info("pixel_values").shape());
        }
    }

    @Test
    void wrongSamplingRateIsTheReferenceError(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("audio_sampling_rate_mismatch_error")) {
            SafetensorsWriter in = new SafetensorsWriter();
            PreprocessGoldenInputs.waveforms(c, in);
            in.write(dir.resolve("in.safetensors"));
            CliRun run = CliRun.tvlt("preprocess", "--sampling-rate", "16000", "--tensors",
                    dir.resolve("in.safetensors").toString(), "--out", dir.resolve("out.safetensors").toString());
            assertFailure(run, c.meta().get("expected_error").get("message").asText());
            assertFalse(Files.exists(dir.resolve("out.safetensors")));
        }
    }

    @Test
    void fourChannelFrameIsRejected(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("image_rgba_error")) {
            SafetensorsWriter in = new SafetensorsWriter();
            PreprocessGoldenInputs.frames(c, in);
            in.write(dir.resolve("in.safetensors"));
            CliRun run = CliRun.tvlt("preprocess", "--tensors", dir.resolve("in.safetensors").toString(),
                    "--out", dir.resolve("out.safetensors").toString());
            assertFailure(run, "video.0.frame.0");
            assertTrue(run.err().contains("not 4 channels"), run.err());
        }
    }

    @Test
    void tooManyFramesIsTheReferenceError(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("video_10_frames_error")) {
            SafetensorsWriter in = new SafetensorsWriter();
            PreprocessGoldenInputs.frames(c, in);
            in.write(dir.resolve("in.safetensors"));
            CliRun run = CliRun.tvlt("preprocess", "--tensors", dir.resolve("in.safetensors").toString(),
                    "--out", dir.resolve("out.safetensors").toString());
            assertFailure(run, c.meta().get("expected_error").get("message").asText());
        }
    }

    @Test
    void aLongerFrameFolderIsSampledUniformly(@TempDir Path dir) throws IOException {
        // SPEC: a folder of frame files longer than num_frames is sampled as a video file of that many frames;
        // 2 frames sampled down to 1 keep frame 0, so the output equals that of the first frame file alone
        ObjectNode oneFrame = PreprocessGoldenInputs.defaultImageConfig().put("num_frames", 1);
        PreprocessGoldenInputs.write(oneFrame, dir.resolve("config.json"));
        Path frames = copyPngFrames(dir.resolve("frames"));
        assertSuccess(CliRun.tvlt("preprocess", "--config", dir.resolve("config.json").toString(), "--video",
                frames.toString(), "--out", dir.resolve("folder.safetensors").toString()));
        assertSuccess(CliRun.tvlt("preprocess", "--config", dir.resolve("config.json").toString(), "--video",
                frames.resolve("video_frame_0.png").toString(), "--out", dir.resolve("first.safetensors").toString()));
        try (SafetensorsFile folder = SafetensorsFile.open(dir.resolve("folder.safetensors"));
                SafetensorsFile first = SafetensorsFile.open(dir.resolve("first.safetensors"))) {
            assertEquals(1L, folder.info("pixel_values").shape()[1]);
            assertArrayEquals(first.info("pixel_values").shape(), folder.info("pixel_values").shape());
            assertArrayEquals(first.readFloats("pixel_values"), folder.readFloats("pixel_values"));
        }
    }

    @Test
    void integerWaveformIsRejected(@TempDir Path dir) throws IOException {
        try (GoldenCase c = golden("audio_int16_ndarray")) {
            SafetensorsWriter in = new SafetensorsWriter();
            PreprocessGoldenInputs.waveforms(c, in);
            in.write(dir.resolve("in.safetensors"));
            CliRun run = CliRun.tvlt("preprocess", "--tensors", dir.resolve("in.safetensors").toString(),
                    "--out", dir.resolve("out.safetensors").toString());
            assertFailure(run, "has dtype I64; a waveform must be F32 or F64");
        }
    }

    @Test
    void nothingToPreprocessIsAnError(@TempDir Path dir) throws IOException {
        SafetensorsWriter in = new SafetensorsWriter().putFloats("expected.audio_values", new long[] {1}, new float[1]);
        in.write(dir.resolve("in.safetensors"));
        assertFailure(CliRun.tvlt("preprocess", "--tensors", dir.resolve("in.safetensors").toString(), "--out",
                dir.resolve("out.safetensors").toString()), "holds no waveform.<i>");
        assertFailure(CliRun.tvlt("preprocess", "--out", dir.resolve("out.safetensors").toString()),
                "nothing to preprocess");
    }

    // ------------------------------------------------------------------ helpers

    private static GoldenCase golden(String id) {
        return GoldenCase.open("processing/" + id + ".safetensors");
    }

    /** Runs preprocess on a frame case's tensors with the case's effective image settings. */
    private static Path runFrames(GoldenCase c, Path dir) throws IOException {
        Path config = PreprocessGoldenInputs.write(PreprocessGoldenInputs.imageConfig(c.meta().get("constructor"),
                c.meta().get("arguments")), dir.resolve("config.json"));
        SafetensorsWriter in = new SafetensorsWriter();
        PreprocessGoldenInputs.frames(c, in);
        in.write(dir.resolve("in.safetensors"));
        Path out = dir.resolve("out.safetensors");
        assertSuccess(CliRun.tvlt("preprocess", "--config", config.toString(), "--tensors",
                dir.resolve("in.safetensors").toString(), "--out", out.toString()));
        return out;
    }

    private static void assertAudio(GoldenCase c, SafetensorsFile out) {
        assertEquals(DType.F32, out.info("audio_values").dtype());
        assertEquals(DType.F32, out.info("audio_mask").dtype());
        c.assertClose("expected.audio_values", out.readFloats("audio_values"), out.info("audio_values").shape(),
                Tolerance.EXACT);
        if (c.has("expected.audio_mask")) {
            c.assertClose("expected.audio_mask", out.readFloats("audio_mask"), out.info("audio_mask").shape(),
                    Tolerance.EXACT);
        }
    }

    private static void assertPixels(GoldenCase c, SafetensorsFile out, String values, String mask) {
        assertEquals(DType.F32, out.info(values).dtype());
        assertEquals(DType.I64, out.info(mask).dtype());
        c.assertClose("expected." + values, out.readFloats(values), out.info(values).shape(), Tolerance.EXACT);
        c.assertExact("expected." + mask, out.readLongs(mask), out.info(mask).shape());
    }

    private static void assertSuccess(CliRun run) {
        assertEquals(0, run.exitCode(), run.err());
    }

    private static void assertFailure(CliRun run, String expectedInMessage) {
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode(), run.err());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith(ErrorReporter.PREFIX), line);
        assertTrue(line.contains(expectedInMessage), "'" + expectedInMessage + "' not in: " + line);
    }

    private static Path copyPngFrames(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : List.of("video_frame_0.png", "video_frame_1.png")) {
            Files.copy(GoldenFiles.resolve("processing/media/" + name), folder.resolve(name));
        }
        return folder;
    }

    private static List<Long> onesPerRow(float[] mask, long[] shape) {
        int width = (int) shape[1];
        List<Long> counts = new java.util.ArrayList<>();
        for (int r = 0; r < shape[0]; r++) {
            long ones = 0;
            for (int i = 0; i < width; i++) {
                ones += mask[r * width + i] == 1f ? 1 : 0;
            }
            counts.add(ones);
        }
        return counts;
    }

    /** A mono 16-bit PCM WAV of a 440 Hz tone. */
    private static void writePcm16Wav(Path file, int rate, int samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        Files.write(file, b.array());
    }
}
