package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.Bf16Matmul;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt embed} on generated sample clips with the golden tiny checkpoint (image_size 32, num_frames 4,
 * spectrogram_length 128, frequency_length 64: only the processor derived from it fits). The reference
 * vector is computed in the test the way a user would without {@code embed}: {@code tvlt preprocess} with a
 * config written from the model config, then {@link TvltModel#forward} on its tensors (what {@code infer
 * --task model} runs). Vectors are compared exactly: both paths run the same computation on the same inputs.
 */
class EmbedCommandTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    static Path samples;

    private static List<SampleMedia.Clip> clips;

    @BeforeAll
    static void generateSamples() {
        clips = new SampleMedia(4, 1.0, 64, 48).generate(samples, 3);
    }

    @Test
    void clsVectorIsTheClsTokenOfPreprocessPlusForward(@TempDir Path dir) throws IOException {
        SampleMedia.Clip clip = clips.get(0);
        CliRun run = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", clip.framesFolder().toString(),
                "--audio", clip.audio().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.outLines().size(), run.out());
        JsonNode line = JSON.readTree(run.outLines().get(0));
        assertEquals(clip.framesFolder().toString(), line.get("id").asText());
        float[] expected = referenceForward(clip, dir).cls;
        assertArrayEquals(expected, vector(line.get("vector")));
    }

    @Test
    void meanVectorIsTheMeanOverTokensWithAttentionMaskOne(@TempDir Path dir) throws IOException {
        SampleMedia.Clip clip = clips.get(1);
        CliRun run = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", clip.framesFolder().toString(),
                "--audio", clip.audio().toString(), "--pooling", "mean", "--id", "c1");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode line = JSON.readTree(run.outLines().get(0));
        assertEquals("c1", line.get("id").asText());
        Reference ref = referenceForward(clip, dir);
        assertArrayEquals(ref.mean, vector(line.get("vector")));
        assertFalse(java.util.Arrays.equals(ref.mean, ref.cls));
    }

    @Test
    void meanPoolingSkipsPaddedTokens() {
        // the golden padded batch: row 1 has padded pixel and audio tokens
        try (ai.tvlt.weights.testing.GoldenCase c = ai.tvlt.weights.testing.GoldenCase.open(
                "models/tiny-pretraining/cases/tvltmodel_padded_batch2_hidden_attn.safetensors")) {
            float[] pixelMask = c.floats("input.pixel_mask");
            float[] audioMask = c.floats("input.audio_mask");
            long[] shape = c.shape("expected.last_hidden_state");
            FloatTensor hidden = new FloatTensor(c.floats("expected.last_hidden_state"), shape);
            int np = (int) c.shape("input.pixel_mask")[1];
            int na = (int) c.shape("input.audio_mask")[1];
            for (int row = 0; row < 2; row++) {
                float[] mask = new float[1 + np + na];
                mask[0] = pixelMask[row * np];
                System.arraycopy(pixelMask, row * np, mask, 1, np);
                System.arraycopy(audioMask, row * na, mask, 1 + np, na);
                float[] expected = maskedMean(c.floats("expected.last_hidden_state"), shape, row, mask);
                assertArrayEquals(expected, Pooling.MEAN.pool(hidden, row, mask));
            }
            float[] row1 = new float[np + na];
            System.arraycopy(pixelMask, np, row1, 0, np);
            System.arraycopy(audioMask, na, row1, np, na);
            assertTrue(countZeros(row1) > 0, "the case must pad row 1");
        }
    }

    @Test
    void batchFromDirWritesEveryFormatAndReportsTheBrokenClip(@TempDir Path dir) throws IOException {
        Path batch = dir.resolve("batch");
        List<SampleMedia.Clip> made = new SampleMedia(4, 1.0, 64, 48).generate(batch, 3);
        Files.writeString(made.get(1).audio(), "not a wav file");
        float[][] expected = {singleClipVector(made.get(0)), singleClipVector(made.get(2))};

        CliRun npy = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--dir", batch.toString(), "--out",
                dir.resolve("v.npy").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, npy.exitCode(), npy.err());
        List<String> errors = npy.errLines().stream().filter(l -> l.startsWith(ErrorReporter.PREFIX)).toList();
        assertEquals(2, errors.size(), npy.err());
        assertTrue(errors.get(0).startsWith(ErrorReporter.PREFIX + "clip 'clip1': "), errors.get(0));
        assertTrue(errors.get(0).contains("audio.wav"), errors.get(0));
        assertTrue(errors.get(1).contains("1 of 3 clips failed"), errors.get(1));
        assertTrue(npy.errLines().stream().anyMatch(l -> l.matches(
                "tvlt: embed: 3/3 clips \\(100%\\), 1 failed, \\d+\\.\\d clips/s in \\d+\\.\\d s")), npy.err());
        float[][] matrix = readNpy(dir.resolve("v.npy"));
        assertClose(expected[0], matrix[0]);
        assertClose(expected[1], matrix[1]);
        assertEquals(List.of("clip0", "clip2"), Files.readAllLines(dir.resolve("v.ids.txt")));

        CliRun st = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--dir", batch.toString(), "--out",
                dir.resolve("v.safetensors").toString(), "--no-progress");
        assertEquals(ErrorReporter.EXIT_FAILURE, st.exitCode(), st.err());
        assertEquals(2, st.errLines().size(), st.err());
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("v.safetensors"))) {
            assertEquals(DType.F32, file.info("embeddings").dtype());
            assertArrayEquals(new long[] {2, 32}, file.info("embeddings").shape());
            float[] flat = file.readFloats("embeddings");
            assertClose(expected[0], java.util.Arrays.copyOfRange(flat, 0, 32));
            assertClose(expected[1], java.util.Arrays.copyOfRange(flat, 32, 64));
            assertEquals(List.of("clip0", "clip2"), List.of(JSON.readValue(file.metadata().get("ids"), String[].class)));
            assertEquals("cls", file.metadata().get("pooling"));
        }

        CliRun jsonl = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--dir", batch.toString(), "--out",
                dir.resolve("out/v.jsonl").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, jsonl.exitCode());
        List<String> lines = Files.readAllLines(dir.resolve("out/v.jsonl"));
        assertEquals(2, lines.size());
        assertEquals("clip2", JSON.readTree(lines.get(1)).get("id").asText());
        assertClose(expected[1], vector(JSON.readTree(lines.get(1)).get("vector")));
    }

    @Test
    void aFolderOfVideoFilesGivesOneVectorPerFileWithItsSoundTrack(@TempDir Path dir) throws Exception {
        Path mp4 = Path.of(EmbedCommandTest.class.getResource("/media/mp4_h264_aac_44k_stereo.mp4").toURI());
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.copy(mp4, videos.resolve("first.mp4"));
        Files.copy(mp4, videos.resolve("second.MOV"));
        Files.writeString(videos.resolve("notes.txt"), "not a clip");

        CliRun single = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", mp4.toString());
        assertEquals(0, single.exitCode(), single.err());
        float[] alone = vector(JSON.readTree(single.outLines().get(0)).get("vector"));
        CliRun withAudio = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", mp4.toString(),
                "--audio", mp4.toString());
        assertArrayEquals(alone, vector(JSON.readTree(withAudio.outLines().get(0)).get("vector")),
                "the sound track is the audio when --audio is not given");

        CliRun batch = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--dir", videos.toString());
        assertEquals(0, batch.exitCode(), batch.err());
        assertEquals(2, batch.outLines().size(), batch.out());
        for (int i = 0; i < 2; i++) {
            JsonNode line = JSON.readTree(batch.outLines().get(i));
            assertEquals(i == 0 ? "first" : "second", line.get("id").asText());
            assertClose(alone, vector(line.get("vector")));
        }

        Path list = Files.writeString(dir.resolve("clips.tsv"), "videos/first.mp4\n");
        CliRun listed = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--list", list.toString());
        assertEquals(0, listed.exitCode(), listed.err());
        assertEquals("first", JSON.readTree(listed.outLines().get(0)).get("id").asText());
        assertClose(alone, vector(JSON.readTree(listed.outLines().get(0)).get("vector")));
    }

    @Test
    void theVideoDecodeDeadlineIsAnOptionOfTheCliAndTheLibrary() throws Exception {
        Path mp4 = Path.of(EmbedCommandTest.class.getResource("/media/mp4_h264_aac_44k_stereo.mp4").toURI());
        CliRun zero = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", mp4.toString(),
                "--decode-timeout", "0");
        assertEquals(ErrorReporter.EXIT_USAGE, zero.exitCode(), zero.err());
        assertTrue(zero.singleErrorLine().contains("--decode-timeout"), zero.err());
        CliRun ok = CliRun.tvlt("preprocess", "--video", mp4.toString(), "--decode-timeout", "20", "--out",
                Files.createTempDirectory("deadline").resolve("p.safetensors").toString());
        assertEquals(0, ok.exitCode(), ok.err());

        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().decodeTimeout(Duration.ofMillis(1)).build())) {
            List<ClipEmbedding> results = embedder.embed(
                    List.of(ClipSource.of(mp4)));
            String message = ((ClipEmbedding.Failure) results.get(0)).message();
            assertTrue(message.contains("did not finish within"), message);
        }
    }

    @Test
    void listsInTsvAndCsvResolvePathsAgainstTheListFile(@TempDir Path dir) throws IOException {
        Path root = clips.get(0).folder().getParent();
        Files.writeString(root.resolve("clips.tsv"), "# id, video, audio\n"
                + "first\tclip0/frames\tclip0/audio.wav\n\n"
                + "third\t" + clips.get(2).framesFolder() + "\tclip2/audio.wav\n");
        CliRun tsv = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--list",
                root.resolve("clips.tsv").toString());
        assertEquals(0, tsv.exitCode(), tsv.err());
        assertEquals(2, tsv.outLines().size());
        assertEquals("first", JSON.readTree(tsv.outLines().get(0)).get("id").asText());
        assertClose(singleClipVector(clips.get(2)), vector(JSON.readTree(tsv.outLines().get(1)).get("vector")));

        Files.writeString(dir.resolve("clips.csv"), "id,video,audio\n\"clip, zero\",\"" + clips.get(0).framesFolder()
                + "\"," + clips.get(0).audio() + "\n");
        CliRun csv = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--list", dir.resolve("clips.csv").toString());
        assertEquals(0, csv.exitCode(), csv.err());
        JsonNode line = JSON.readTree(csv.outLines().get(0));
        assertEquals("clip, zero", line.get("id").asText());
        assertClose(singleClipVector(clips.get(0)), vector(line.get("vector")));

        Files.writeString(dir.resolve("bad.tsv"), "a\tb\n");
        CliRun bad = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--list", dir.resolve("bad.tsv").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, bad.exitCode());
        assertTrue(bad.singleErrorLine().contains("line 1: expected 3 columns"), bad.err());
    }

    @Test
    void clipEmbedderGivesTheCommandsVector() {
        SampleMedia.Clip clip = clips.get(2);
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).build())) {
            assertEquals(32, embedder.dimension());
            assertArrayEquals(singleClipVector(clip), embedder.embed(clip.framesFolder(), clip.audio()));
        }
    }

    @Test
    void bf16PrecisionReachesTheEmbeddersModel() throws IOException {
        assumeTrue(bf16Supported(), "this CPU has no AVX512_BF16/AMX instructions, so precision bf16 refuses to run");
        SampleMedia.Clip clip = clips.get(2);
        CliRun run = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", clip.framesFolder().toString(),
                "--audio", clip.audio().toString(), "--precision", "bf16", "--threads", "1");
        assertEquals(0, run.exitCode(), run.err());
        float[] bf16 = vector(JSON.readTree(run.outLines().get(0)).get("vector"));
        LoadOptions load = LoadOptions.builder().precision(Precision.BF16).threads(1).build();
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).load(load).build())) {
            assertArrayEquals(embedder.embed(clip.framesFolder(), clip.audio()), bf16);
        }
        assertFalse(java.util.Arrays.equals(singleClipVector(clip), bf16), "the bf16 vector equals the fp32 one");
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        SampleMedia.Clip clip = clips.get(0);
        String model = CHECKPOINT.toString();
        assertEquals(ErrorReporter.EXIT_USAGE, CliRun.tvlt("embed", "--model", model, "--video",
                clip.framesFolder().toString()).exitCode());
        assertEquals(ErrorReporter.EXIT_USAGE, CliRun.tvlt("embed", "--model", model, "--video",
                clip.framesFolder().toString(), "--audio", clip.audio().toString(), "--dir", samples.toString())
                .exitCode());
        assertEquals(ErrorReporter.EXIT_USAGE, CliRun.tvlt("embed", "--model", model, "--dir", samples.toString(),
                "--pooling", "max").exitCode());
        assertEquals(ErrorReporter.EXIT_USAGE, CliRun.tvlt("embed", "--model", model, "--dir", samples.toString(),
                "--precision", "fp16").exitCode());
        CliRun ext = CliRun.tvlt("embed", "--model", model, "--dir", samples.toString(), "--out", "v.csv");
        assertEquals(ErrorReporter.EXIT_FAILURE, ext.exitCode());
        assertTrue(ext.singleErrorLine().contains("unsupported extension"), ext.err());
    }

    private static boolean bf16Supported() {
        try {
            Bf16Matmul.requireSupported();
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ reference computation

    private record Reference(float[] cls, float[] mean) {
    }

    /** preprocess (CLI, config from the model config) + TvltModel.forward, pooled in the test. */
    private static Reference referenceForward(SampleMedia.Clip clip, Path dir) throws IOException {
        TvltConfig config = TvltConfig.fromJson(CHECKPOINT.resolve("config.json"));
        ObjectNode pre = JSON.createObjectNode();
        pre.putObject("size").put("shortest_edge", config.imageSize());
        pre.putObject("crop_size").put("height", config.imageSize()).put("width", config.imageSize());
        pre.put("num_frames", config.numFrames());
        pre.putArray("patch_size").add(config.imagePatchSize()[0]).add(config.imagePatchSize()[1]);
        pre.put("feature_size", config.frequencyLength());
        pre.put("spectrogram_length", config.spectrogramLength());
        Files.writeString(dir.resolve("pre.json"), pre.toString());
        Path tensors = dir.resolve("pre.safetensors");
        CliRun run = CliRun.tvlt("preprocess", "--config", dir.resolve("pre.json").toString(), "--video",
                clip.framesFolder().toString(), "--audio", clip.audio().toString(), "--out", tensors.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (SafetensorsFile in = SafetensorsFile.open(tensors); TvltModel model = TvltModel.fromPretrained(CHECKPOINT)) {
            FloatTensor pixelMask = new FloatTensor(in.readFloats("pixel_mask"), in.info("pixel_mask").shape());
            FloatTensor audioMask = new FloatTensor(in.readFloats("audio_mask"), in.info("audio_mask").shape());
            FloatTensor hidden = model.forward(TvltModelInput.builder()
                    .pixelValues(new FloatTensor(in.readFloats("pixel_values"), in.info("pixel_values").shape()))
                    .audioValues(new FloatTensor(in.readFloats("audio_values"), in.info("audio_values").shape()))
                    .pixelMask(pixelMask).audioMask(audioMask).build()).lastHiddenState();
            long[] shape = hidden.shape();
            float[] cls = java.util.Arrays.copyOf(hidden.data(), (int) shape[2]);
            float[] pm = pixelMask.data();
            float[] am = audioMask.data();
            float[] mask = new float[(int) shape[1]];
            mask[0] = pm[0];
            System.arraycopy(pm, 0, mask, 1, pm.length);
            System.arraycopy(am, 0, mask, 1 + pm.length, am.length);
            return new Reference(cls, maskedMean(hidden.data(), shape, 0, mask));
        }
    }

    /** The mean over the tokens of one row whose mask is 1, accumulated in double. */
    private static float[] maskedMean(float[] hidden, long[] shape, int row, float[] mask) {
        int tokens = (int) shape[1];
        int width = (int) shape[2];
        float[] out = new float[width];
        for (int d = 0; d < width; d++) {
            double sum = 0;
            int n = 0;
            for (int s = 0; s < tokens; s++) {
                if (mask[s] == 1f) {
                    sum += hidden[(row * tokens + s) * width + d];
                    n++;
                }
            }
            out[d] = (float) (sum / n);
        }
        return out;
    }

    private static int countZeros(float[] values) {
        int n = 0;
        for (float v : values) {
            n += v == 0f ? 1 : 0;
        }
        return n;
    }

    /**
     * A batch runs padded forwards of several clips (--batch-size): each clip's vector equals its vector
     * alone within the golden model tolerance, not bit for bit (the products' blocking depends on the batch).
     */
    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-4 + 1e-4 * Math.abs(expected[i]),
                    "[" + i + "]: " + actual[i] + " vs " + expected[i]);
        }
    }

    private static float[] singleClipVector(SampleMedia.Clip clip) {
        CliRun run = CliRun.tvlt("embed", "--model", CHECKPOINT.toString(), "--video", clip.framesFolder().toString(),
                "--audio", clip.audio().toString());
        assertEquals(0, run.exitCode(), run.err());
        try {
            return vector(JSON.readTree(run.outLines().get(0)).get("vector"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static float[] vector(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).decimalValue().floatValue();
        }
        return out;
    }

    /** A minimal NPY 1.0 reader for '<f4' C-order 2-D arrays. */
    private static float[][] readNpy(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int headerLength = Short.toUnsignedInt(b.getShort());
        byte[] header = new byte[headerLength];
        b.get(header);
        String dict = new String(header, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLength) % 64, "data must start 64-byte aligned");
        assertTrue(dict.endsWith("\n"));
        assertTrue(dict.contains("'descr': '<f4'"), dict);
        assertTrue(dict.contains("'fortran_order': False"), dict);
        Matcher m = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(dict);
        assertTrue(m.find(), dict);
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        assertEquals(4L * rows * cols, b.remaining());
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + 4 * cols);
        }
        return out;
    }
}
