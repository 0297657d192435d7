package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.models.tvlt.TvltModelOutput;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.safetensors.TensorInfo;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tvlt infer} end to end, in-process, on every golden case of a class it runs: the case file is
 * passed whole as {@code --inputs} with the flags of the case's call, and every {@code output.<field>}
 * is compared with {@code expected.<field>} (SPEC section 4).
 */
class InferCommandTest {

    private static final String TINY = "models/tiny-pretraining";
    private static final Pattern TIMING =
            Pattern.compile("forward_ms median=(\\d+\\.\\d+) min=(\\d+\\.\\d+) max=(\\d+\\.\\d+) runs=(\\d+)");

    static Stream<String> goldenCases() {
        return InferGoldenCases.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void reproducesTheGoldenCase(String relativeCase, @TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            List<String> args = new ArrayList<>(InferGoldenCases.arguments(relativeCase, c));
            args.addAll(List.of("--out", out.toString()));
            CliRun run = CliRun.tvlt(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.err());
            assertEquals("", run.out());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    @Test
    void everyCaseOfTheThreeClassesIsRun() {
        List<String> cases = goldenCases().toList();
        for (String name : List.of("tiny-pretraining/cases/tvltmodel_basic", "tiny-pretraining/cases/tvltmodel_mask_pixel_audio",
                "tiny-pretraining/cases/tvltmodel_padded_batch2_hidden_attn",
                "tiny-pretraining/cases/tvltmodel_fewer_frames_ragged_audio",
                "tiny-pretraining-patch-meanpool/cases/tvltmodel_basic_meanpool",
                "small-realistic/cases/encoder_8frames_audio400", "small-realistic/cases/encoder_batch2_padded",
                "small-realistic/cases/encoder_masked_ties",
                "tiny-pretraining/cases/pretraining_eval_matching", "tiny-pretraining/cases/pretraining_train_loss",
                "tiny-pretraining/cases/pretraining_train_cls_mask_quirk",
                "tiny-pretraining/cases/pretraining_train_nomask_hidden_attn",
                "tiny-pretraining-patch-meanpool/cases/pretraining_train_patchlevel",
                "tiny-classification/cases/classification_hidden_attn",
                "tiny-classification/cases/classification_labels_batch2",
                "tiny-classification-f16/cases/classification_labels_batch2",
                "tiny-classification-bf16/cases/classification_labels_batch2",
                "tiny-regression/cases/regression_labels_batch2")) {
            assertTrue(cases.contains("models/" + name + ".safetensors"), name + " missing in " + cases);
        }
    }

    @Test
    void bareNamesAndMasksOfAnyNumericDtypeAreRead(@TempDir Path dir) {
        String relativeCase = TINY + "/cases/tvltmodel_padded_batch2_hidden_attn.safetensors";
        Path inputs = dir.resolve("in.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            float[] pixelMask = c.floats("input.pixel_mask");
            float[] audioMask = c.floats("input.audio_mask");
            assertTrue(min(pixelMask) == 0f && min(audioMask) == 0f, "the case pads both modalities");
            new SafetensorsWriter()
                    .putFloats("pixel_values", c.shape("input.pixel_values"), c.floats("input.pixel_values"))
                    .putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))
                    .putLongs("pixel_mask", c.shape("input.pixel_mask"), toLongs(pixelMask))
                    .putBytes("audio_mask", DType.BOOL, c.shape("input.audio_mask"), toBytes(audioMask))
                    .putFloats("aux.unrelated", new long[] {2}, new float[] {1f, 2f})
                    .putFloats("labels_of_something_else", new long[] {1}, new float[] {3f})
                    .write(inputs);
            Path out = dir.resolve("out.safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "model",
                    "--inputs", inputs.toString(), "--out", out.toString(), "--output-hidden-states",
                    "--output-attentions");
            assertEquals(0, run.exitCode(), run.err());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    @Test
    void pretrainingWithoutLabelsWritesTheMatchingLogitsAndNoLoss(@TempDir Path dir) {
        String relativeCase = TINY + "/cases/pretraining_eval_matching.safetensors";
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            Path inputs = copyInputs(c, dir.resolve("in.safetensors"), "labels");
            Path out = dir.resolve("out.safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "pretraining",
                    "--inputs", inputs.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                assertEquals(Set.of("output.matching_logits"), f.names());
                // the logits do not depend on the labels, only the loss does
                c.assertClose("expected.matching_logits", f.readFloats("output.matching_logits"),
                        f.info("output.matching_logits").shape(), Tolerance.MODEL);
            }
        }
    }

    @Test
    void reconstructWithoutMatchingInputsWritesTheMaeResultsAndLoss(@TempDir Path dir) {
        String relativeCase = TINY + "/cases/pretraining_train_loss.safetensors";
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            Path inputs = copyInputs(c, dir.resolve("in.safetensors"), "labels", "pixel_values_mixed", "pixel_mask_mixed");
            Path out = dir.resolve("out.safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "pretraining",
                    "--reconstruct", "--inputs", inputs.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                assertEquals(Set.of("output.loss", "output.pixel_logits", "output.audio_logits"), f.names());
                // the masked-autoencoder pass does not depend on the matching inputs
                for (String field : List.of("pixel_logits", "audio_logits")) {
                    c.assertClose("expected." + field, f.readFloats("output." + field), f.info("output." + field).shape(),
                            Tolerance.MODEL);
                }
                float maeLoss = c.floats("aux.loss.pixel_mae")[0] + c.floats("aux.loss.audio_mae")[0];
                assertArrayEquals(new long[0], f.info("output.loss").shape(), "the loss is 0-d");
                assertTrue(Tolerance.MODEL.accepts(f.readFloats("output.loss")[0], maeLoss),
                        f.readFloats("output.loss")[0] + " vs " + maeLoss);
            }
        }
    }

    @Test
    void classLabelsOfAnyIntegerDtypeAreRead(@TempDir Path dir) {
        String relativeCase = "models/tiny-classification/cases/classification_labels_batch2.safetensors";
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            Path inputs = copyInputs(c, dir.resolve("in.safetensors"), "labels");
            SafetensorsWriter w = new SafetensorsWriter();
            try (SafetensorsFile f = SafetensorsFile.open(inputs)) {
                for (String name : f.names()) {
                    w.putFloats(name, f.info(name).shape(), f.readFloats(name));
                }
            }
            long[] labels = c.longs("input.labels");
            int[] asInts = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                asInts[i] = (int) labels[i];
            }
            w.putInts("labels", c.shape("input.labels"), asInts).write(inputs);
            Path out = dir.resolve("out.safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", InferGoldenCases.checkpointOf(relativeCase).toString(),
                    "--task", "classification", "--inputs", inputs.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    @Test
    void repeatPrintsTheTimingLineAfterWritingTheOutput(@TempDir Path dir) {
        String relativeCase = TINY + "/cases/tvltmodel_basic.safetensors";
        Path out = dir.resolve("out.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            List<String> args = new ArrayList<>(InferGoldenCases.arguments(relativeCase, c));
            args.addAll(List.of("--out", out.toString(), "--repeat", "3"));
            CliRun run = CliRun.tvlt(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            Matcher m = TIMING.matcher(run.singleErrorLine());
            assertTrue(m.matches(), run.err());
            double median = Double.parseDouble(m.group(1));
            double min = Double.parseDouble(m.group(2));
            double max = Double.parseDouble(m.group(3));
            assertTrue(min > 0 && min <= median && median <= max, run.err());
            assertEquals("3", m.group(4));
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    @Test
    void oneThreadGivesTheGoldenOutputToo(@TempDir Path dir) {
        String relativeCase = "models/small-realistic/cases/encoder_batch2_padded.safetensors";
        Path out = dir.resolve("out.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            List<String> args = new ArrayList<>(InferGoldenCases.arguments(relativeCase, c));
            args.addAll(List.of("--out", out.toString(), "--threads", "1"));
            CliRun run = CliRun.tvlt(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    @Test
    void seedDrawsTheNoiseTheFileDoesNotGive(@TempDir Path dir) throws IOException {
        String relativeCase = TINY + "/cases/tvltmodel_mask_pixel_audio.safetensors";
        Path inputs = dir.resolve("no-noise.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (String key : List.of("input.pixel_values", "input.audio_values", "input.pixel_mask", "input.audio_mask")) {
                w.putFloats(key, c.shape(key), c.floats(key));
            }
            w.write(inputs);
        }
        Path seed5 = inferMasked(inputs, dir.resolve("seed5.safetensors"), "--seed", "5");
        Path seed5Again = inferMasked(inputs, dir.resolve("seed5-again.safetensors"), "--seed", "5");
        Path seed6 = inferMasked(inputs, dir.resolve("seed6.safetensors"), "--seed", "6");
        Path defaultSeed = inferMasked(inputs, dir.resolve("default.safetensors"));
        assertArrayEquals(Files.readAllBytes(seed5), Files.readAllBytes(seed5Again), "same seed, same file");
        try (SafetensorsFile a = SafetensorsFile.open(seed5); SafetensorsFile b = SafetensorsFile.open(seed6)) {
            assertFalse(Arrays.equals(a.readLongs("output.pixel_ids_restore"), b.readLongs("output.pixel_ids_restore")),
                    "another seed masks other tokens");
        }
        assertSameAsLibrary(inputs, 5, seed5);
        assertSameAsLibrary(inputs, 0, defaultSeed);
    }

    @Test
    void reconstructDrawsTheNoiseFromTheSeedToo(@TempDir Path dir) throws IOException {
        Path inputs;
        try (GoldenCase c = GoldenCase.open(TINY + "/cases/pretraining_train_loss.safetensors")) {
            inputs = copyInputs(c, dir.resolve("no-noise.safetensors"), "pixel_mask_noise", "audio_mask_noise");
        }
        List<byte[]> outputs = new ArrayList<>();
        for (String seed : List.of("5", "5", "6")) {
            Path out = dir.resolve("out" + outputs.size() + ".safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "pretraining",
                    "--reconstruct", "--seed", seed, "--inputs", inputs.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            outputs.add(Files.readAllBytes(out));
        }
        assertArrayEquals(outputs.get(0), outputs.get(1), "same seed, same file");
        assertFalse(Arrays.equals(outputs.get(0), outputs.get(2)), "another seed masks other tokens");
    }

    @Test
    void noiseInTheFileWinsOverTheSeed(@TempDir Path dir) {
        String relativeCase = TINY + "/cases/tvltmodel_mask_pixel_audio.safetensors";
        Path out = dir.resolve("out.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            List<String> args = new ArrayList<>(InferGoldenCases.arguments(relativeCase, c));
            args.addAll(List.of("--out", out.toString(), "--seed", "123"));
            CliRun run = CliRun.tvlt(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("--mask-pixel with pretraining", ErrorReporter.EXIT_USAGE, "--mask-pixel",
                        List.of("--task", "pretraining", "--mask-pixel")),
                Arguments.of("--mask-audio with classification", ErrorReporter.EXIT_USAGE, "--mask-audio",
                        List.of("--task", "classification", "--mask-audio")),
                Arguments.of("--reconstruct with model", ErrorReporter.EXIT_USAGE, "--reconstruct",
                        List.of("--task", "model", "--reconstruct")),
                Arguments.of("--reconstruct with classification", ErrorReporter.EXIT_USAGE, "--reconstruct",
                        List.of("--task", "classification", "--reconstruct")),
                Arguments.of("unknown task", ErrorReporter.EXIT_USAGE, "'segmentation'",
                        List.of("--task", "segmentation")),
                Arguments.of("no task", ErrorReporter.EXIT_USAGE, "--task", List.of()),
                Arguments.of("--repeat 0", ErrorReporter.EXIT_USAGE, "--repeat", List.of("--task", "model", "--repeat", "0")),
                Arguments.of("--threads 0", ErrorReporter.EXIT_USAGE, "--threads",
                        List.of("--task", "model", "--threads", "0")),
                Arguments.of("--precision fp16", ErrorReporter.EXIT_USAGE, "fp32 or bf16",
                        List.of("--task", "model", "--precision", "fp16")),
                Arguments.of("--precision bf16 with pretraining", ErrorReporter.EXIT_USAGE, "--precision bf16",
                        List.of("--task", "pretraining", "--precision", "bf16")),
                Arguments.of("--mask-pixel with classification", ErrorReporter.EXIT_USAGE, "--mask-pixel",
                        List.of("--task", "classification", "--mask-pixel")),
                Arguments.of("--mask-audio with pretraining", ErrorReporter.EXIT_USAGE, "--mask-audio",
                        List.of("--task", "pretraining", "--mask-audio")),
                Arguments.of("bad seed", ErrorReporter.EXIT_USAGE, "--seed", List.of("--task", "model", "--seed", "x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLineIsOneLineAndNonZero(String what, int exitCode, String named, List<String> extra,
            @TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        List<String> args = new ArrayList<>(List.of("infer", "--model", GoldenFiles.resolve(TINY).toString(),
                "--inputs", GoldenFiles.resolve(TINY + "/cases/tvltmodel_basic.safetensors").toString(),
                "--out", out.toString()));
        args.addAll(extra);
        assertFailsWithOneLine(CliRun.tvlt(args.toArray(String[]::new)), exitCode, named, out);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("missing pixel_values", "pixel_values", (InputEdit) (c, w) ->
                        w.putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))),
                Arguments.of("missing audio_values", "audio_values", (InputEdit) (c, w) ->
                        w.putFloats("input.pixel_values", c.shape("input.pixel_values"), c.floats("input.pixel_values"))),
                Arguments.of("integer pixel_values", "pixel_values", (InputEdit) (c, w) -> w
                        .putLongs("pixel_values", c.shape("input.pixel_values"), toLongs(c.floats("input.pixel_values")))
                        .putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))),
                Arguments.of("frames of the wrong size", "pixel_values", (InputEdit) (c, w) -> w
                        .putFloats("pixel_values", new long[] {1, 1, 3, 16, 16}, new float[3 * 16 * 16])
                        .putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))),
                Arguments.of("mask of the wrong length", "pixel_mask", (InputEdit) (c, w) -> w
                        .putFloats("pixel_values", c.shape("input.pixel_values"), c.floats("input.pixel_values"))
                        .putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))
                        .putFloats("pixel_mask", new long[] {1, 3}, new float[] {1, 1, 1})),
                Arguments.of("name with and without prefix", "pixel_values", (InputEdit) (c, w) -> w
                        .putFloats("pixel_values", c.shape("input.pixel_values"), c.floats("input.pixel_values"))
                        .putFloats("input.pixel_values", c.shape("input.pixel_values"), c.floats("input.pixel_values"))
                        .putFloats("audio_values", c.shape("input.audio_values"), c.floats("input.audio_values"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineNamingTheTensor(String what, String named, InputEdit edit, @TempDir Path dir) {
        Path inputs = dir.resolve("in.safetensors");
        try (GoldenCase c = GoldenCase.open(TINY + "/cases/tvltmodel_basic.safetensors")) {
            SafetensorsWriter w = new SafetensorsWriter();
            edit.apply(c, w);
            w.write(inputs);
        }
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "model",
                "--inputs", inputs.toString(), "--out", out.toString());
        assertFailsWithOneLine(run, ErrorReporter.EXIT_FAILURE, named, out);
    }

    @Test
    void floatLabelsForAClassificationCheckpointAreOneLine(@TempDir Path dir) {
        String relativeCase = "models/tiny-classification/cases/classification_labels_batch2.safetensors";
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            Path inputs = copyInputs(c, dir.resolve("in.safetensors"), "labels");
            SafetensorsWriter w = new SafetensorsWriter();
            try (SafetensorsFile f = SafetensorsFile.open(inputs)) {
                for (String name : f.names()) {
                    w.putFloats(name, f.info(name).shape(), f.readFloats(name));
                }
            }
            w.putFloats("labels", new long[] {2, 3}, new float[6]).write(inputs);
            Path out = dir.resolve("out.safetensors");
            CliRun run = CliRun.tvlt("infer", "--model", InferGoldenCases.checkpointOf(relativeCase).toString(),
                    "--task", "classification", "--inputs", inputs.toString(), "--out", out.toString());
            assertFailsWithOneLine(run, ErrorReporter.EXIT_FAILURE, "labels", out);
        }
    }

    static Stream<Arguments> wrongCheckpoints() {
        return Stream.of(
                Arguments.of("classification", TINY, "models/tiny-classification/cases/classification_labels_batch2.safetensors",
                        "holds no TvltForAudioVisualClassification weights"),
                Arguments.of("pretraining", "models/tiny-classification", TINY + "/cases/pretraining_eval_matching.safetensors",
                        "holds no TvltForPreTraining weights"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongCheckpoints")
    void aCheckpointWithoutTheHeadIsOneShortLine(String task, String checkpoint, String relativeCase, String named,
            @TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(checkpoint).toString(), "--task", task,
                "--inputs", GoldenFiles.resolve(relativeCase).toString(), "--out", out.toString());
        assertFailsWithOneLine(run, ErrorReporter.EXIT_FAILURE, named, out);
        assertTrue(run.singleErrorLine().contains("--task model"), run.err());
    }

    @Test
    void missingInputsFileIsOneLine(@TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("infer", "--model", GoldenFiles.resolve(TINY).toString(), "--task", "model",
                "--inputs", dir.resolve("nope.safetensors").toString(), "--out", out.toString());
        assertFailsWithOneLine(run, ErrorReporter.EXIT_FAILURE, "nope.safetensors", out);
    }

    @Test
    void missingModelFolderIsOneLine(@TempDir Path dir) {
        Path out = dir.resolve("out.safetensors");
        CliRun run = CliRun.tvlt("infer", "--model", dir.resolve("no-model").toString(), "--task", "model",
                "--inputs", GoldenFiles.resolve(TINY + "/cases/tvltmodel_basic.safetensors").toString(),
                "--out", out.toString());
        assertTrue(run.exitCode() != 0, run.err());
        assertTrue(run.singleErrorLine().contains("no-model"), run.err());
        assertFalse(Files.exists(out));
    }

    /** Writes the input tensors of a bad-input case. */
    @FunctionalInterface
    interface InputEdit {
        void apply(GoldenCase c, SafetensorsWriter w);
    }

    private static void assertFailsWithOneLine(CliRun run, int exitCode, String named, Path out) {
        assertEquals(exitCode, run.exitCode(), run.err());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith(ErrorReporter.PREFIX), line);
        assertTrue(line.contains(named), "'" + named + "' not named in: " + line);
        assertEquals("", run.out());
        assertFalse(Files.exists(out), "no output file on failure");
    }

    private static Path inferMasked(Path inputs, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("infer", "--model", GoldenFiles.resolve(TINY).toString(),
                "--task", "model", "--mask-pixel", "--mask-audio", "--inputs", inputs.toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.tvlt(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    /** The CLI's output equals the library's forward with the same seed, tensor for tensor. */
    private static void assertSameAsLibrary(Path inputs, long seed, Path cliOut) {
        try (TvltModel model = TvltModel.fromPretrained(GoldenFiles.resolve(TINY));
                SafetensorsFile in = SafetensorsFile.open(inputs);
                SafetensorsFile out = SafetensorsFile.open(cliOut)) {
            TvltModelOutput expected = model.forward(TvltModelInput.builder()
                    .pixelValues(FloatTensor.wrap(in.readFloats("input.pixel_values"), in.info("input.pixel_values").shape()))
                    .audioValues(FloatTensor.wrap(in.readFloats("input.audio_values"), in.info("input.audio_values").shape()))
                    .pixelMask(FloatTensor.wrap(in.readFloats("input.pixel_mask"), in.info("input.pixel_mask").shape()))
                    .audioMask(FloatTensor.wrap(in.readFloats("input.audio_mask"), in.info("input.audio_mask").shape()))
                    .maskPixel(true).maskAudio(true).seed(seed).build());
            assertArrayEquals(expected.pixelIdsRestore().orElseThrow().data(), out.readLongs("output.pixel_ids_restore"));
            assertArrayEquals(expected.audioIdsRestore().orElseThrow().data(), out.readLongs("output.audio_ids_restore"));
            assertArrayEquals(expected.lastHiddenState().data(), out.readFloats("output.last_hidden_state"));
            assertArrayEquals(expected.lastHiddenState().shape(), out.info("output.last_hidden_state").shape());
        }
    }

    /** Copies a case's {@code input.*} tensors (as they are stored) to a new file, leaving some out. */
    private static Path copyInputs(GoldenCase c, Path file, String... leftOut) {
        Set<String> skipped = Set.of(leftOut);
        SafetensorsWriter w = new SafetensorsWriter();
        SafetensorsFile f = c.file();
        for (String name : c.keys("input.")) {
            if (!skipped.contains(name.substring("input.".length()))) {
                TensorInfo info = f.info(name);
                w.put(name, info.dtype(), info.shape(), f.rawData(name));
            }
        }
        w.write(file);
        return file;
    }

    private static float min(float[] values) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static long[] toLongs(float[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    private static byte[] toBytes(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
