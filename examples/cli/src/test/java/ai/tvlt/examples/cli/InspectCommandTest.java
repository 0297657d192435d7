package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.TensorInfo;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tvlt inspect} on golden checkpoints and case files, and on broken input. */
class InspectCommandTest {

    private static final String CHECKPOINT = "models/tiny-pretraining";
    private static final String CASE = "models/tiny-pretraining/cases/tvltmodel_mask_pixel_audio.safetensors";

    @Test
    void checkpointListsEveryTensorWithDtypeAndShape() {
        Path folder = GoldenFiles.resolve(CHECKPOINT);
        CliRun run = CliRun.tvlt("inspect", folder.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertListsTensorsOf(folder.resolve("model.safetensors"), run.outLines());
    }

    @Test
    void checkpointNamesTheWeightsFileItReadAmongSeveral() {
        CliRun run = CliRun.tvlt("inspect", GoldenFiles.resolve(CHECKPOINT).toString());
        assertTrue(run.outLines().contains("weights: model.safetensors (also present, not read: pytorch_model.bin)"),
                run.out());
    }

    @Test
    void checkpointShowsEveryKeyOfConfigJson() throws IOException {
        Path folder = GoldenFiles.resolve(CHECKPOINT);
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        CliRun run = CliRun.tvlt("inspect", folder.toString());
        List<String> lines = run.outLines();
        for (String key : List.of("hidden_size", "num_hidden_layers", "num_attention_heads", "image_size",
                "num_frames", "spectrogram_length", "frequency_length", "audio_mask_type", "use_mean_pooling")) {
            JsonNode value = config.get(key);
            String expected = "  " + key + " = " + (value.isTextual() ? value.textValue() : value.toString());
            assertTrue(lines.contains(expected), expected + " missing in\n" + run.out());
        }
        assertTrue(run.out().contains("transformers_version"), "ignored keys are listed");
        assertTrue(run.out().contains("preprocessor config"), run.out());
    }

    @Test
    void caseFileListsItsTensorsAndMetadata() {
        Path file = GoldenFiles.resolve(CASE);
        CliRun run = CliRun.tvlt("inspect", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertListsTensorsOf(file, run.outLines());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertTrue(run.outLines().contains("  case = " + f.metadata().get("case")), "case metadata shown");
        }
    }

    @Test
    void truncatedFileFailsWithOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated.safetensors");
        byte[] whole = Files.readAllBytes(GoldenFiles.resolve(CASE));
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 100));
        CliRun run = CliRun.tvlt("inspect", truncated.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith("tvlt: error: ") && line.contains("truncated.safetensors"), line);
        assertEquals("", run.out());
    }

    @Test
    void notASafetensorsFileFailsWithOneLine(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.safetensors"), "hello, this is not a tensor file");
        CliRun run = CliRun.tvlt("inspect", text.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("notes.safetensors"), run.err());
    }

    @Test
    void pytorchCheckpointIsNamedAsSuch() {
        Path bin = GoldenFiles.resolve(CHECKPOINT + "/pytorch_model.bin");
        CliRun run = CliRun.tvlt("inspect", bin.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.contains("pytorch_model.bin") && line.contains("zip archive"), line);
    }

    @Test
    void checkpointWithCorruptWeightsFailsWithOneLine(@TempDir Path dir) throws IOException {
        Path golden = GoldenFiles.resolve(CHECKPOINT);
        Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
        Files.write(dir.resolve("model.safetensors"), Arrays.copyOf(
                Files.readAllBytes(golden.resolve("model.safetensors")), 4000));
        CliRun run = CliRun.tvlt("inspect", dir.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("model.safetensors"), run.err());
    }

    @Test
    void folderWithoutConfigFailsWithOneLine(@TempDir Path dir) {
        CliRun run = CliRun.tvlt("inspect", dir.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("config.json"), run.err());
    }

    @Test
    void missingPathFailsWithOneLine(@TempDir Path dir) {
        CliRun run = CliRun.tvlt("inspect", dir.resolve("nothing-here").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("nothing-here"), run.err());
    }

    @Test
    void modelOptionIsAnAlternativeToThePositionalArgument() {
        Path folder = GoldenFiles.resolve(CHECKPOINT);
        CliRun byOption = CliRun.tvlt("inspect", "--model", folder.toString());
        assertEquals(0, byOption.exitCode(), byOption.err());
        assertEquals(CliRun.tvlt("inspect", folder.toString()).out(), byOption.out());

        CliRun both = CliRun.tvlt("inspect", "--model", folder.toString(), folder.toString());
        assertEquals(ErrorReporter.EXIT_USAGE, both.exitCode());
        assertTrue(both.singleErrorLine().contains("not both"), both.err());
        CliRun neither = CliRun.tvlt("inspect");
        assertEquals(ErrorReporter.EXIT_USAGE, neither.exitCode());
        assertTrue(neither.singleErrorLine().contains("--model"), neither.err());
    }

    /** Reads the file independently and checks one output line per tensor: name, dtype, shape. */
    private static void assertListsTensorsOf(Path file, List<String> lines) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                TensorInfo info = f.info(name);
                String shape = Arrays.toString(info.shape());
                boolean listed = lines.stream().map(String::strip).anyMatch(l -> l.startsWith(name + " ")
                        && l.split("\\s+", 3).length == 3 && l.split("\\s+", 3)[1].equals(info.dtype().name())
                        && l.split("\\s+", 3)[2].equals(shape));
                assertTrue(listed, name + " " + info.dtype() + " " + shape + " not listed in\n" + String.join("\n", lines));
            }
            long tensorLines = lines.stream().filter(l -> l.startsWith("  ") && l.strip().matches("\\S+\\s+[A-Z0-9]+\\s+\\[.*\\]"))
                    .count();
            assertEquals(f.names().size(), tensorLines, "one line per tensor");
        }
    }
}
