package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.TensorInfo;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The golden model cases as {@code tvlt infer} runs: which task and flags reproduce a case's call, and
 * the check of an {@code --out} file against the case's {@code expected.*} tensors (names, dtypes,
 * shapes, values at {@link Tolerance#MODEL}, ids and label masks exact).
 */
final class InferGoldenCases {

    /** The reference class of a case ({@code meta.class}) to its {@code --task}. */
    static final Map<String, String> TASK_OF_CLASS = Map.of("TvltModel", "model", "TvltForPreTraining", "pretraining",
            "TvltForAudioVisualClassification", "classification");

    private InferGoldenCases() {
    }

    /** @return every golden case file whose class a {@code --task} runs, as paths relative to the golden root */
    static Stream<String> cases() {
        Path models = GoldenFiles.resolve("models");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(models)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".safetensors"))
                    .filter(p -> p.getParent().getFileName().toString().equals("cases")).sorted().toList()) {
                String relative = GoldenFiles.root().relativize(file).toString().replace('\\', '/');
                try (GoldenCase c = GoldenCase.open(relative)) {
                    if (TASK_OF_CLASS.containsKey(c.meta().path("class").asText())) {
                        found.add(relative);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.stream();
    }

    /** @return the checkpoint folder of a case: the folder above its {@code cases/} folder */
    static Path checkpointOf(String relativeCase) {
        return GoldenFiles.resolve(relativeCase).getParent().getParent();
    }

    /**
     * @return the {@code infer} arguments that reproduce the case's call, without --out: the task of its
     *     class, {@code --reconstruct} for a training-mode call, and the flags of its call
     */
    static List<String> arguments(String relativeCase, GoldenCase c) {
        JsonNode meta = c.meta();
        JsonNode call = meta.path("call");
        List<String> args = new ArrayList<>(List.of("infer", "--model", checkpointOf(relativeCase).toString(),
                "--task", TASK_OF_CLASS.get(meta.path("class").asText()),
                "--inputs", GoldenFiles.resolve(relativeCase).toString()));
        if (meta.path("mode").asText().equals("train")) {
            args.add("--reconstruct");
        }
        flag(args, call, "mask_pixel", "--mask-pixel");
        flag(args, call, "mask_audio", "--mask-audio");
        flag(args, call, "output_hidden_states", "--output-hidden-states");
        flag(args, call, "output_attentions", "--output-attentions");
        return args;
    }

    private static void flag(List<String> args, JsonNode call, String key, String option) {
        if (call.path(key).asBoolean(false)) {
            args.add(option);
        }
    }

    /**
     * Checks an {@code infer} output file against a case: exactly the {@code output.<f>} tensors for the
     * case's {@code expected.<f>}, ids I64 and exact, label masks F32 and exact, every other field F32
     * within {@link Tolerance#MODEL}, shapes equal (a loss is 0-d).
     */
    static void assertOutputMatches(GoldenCase c, Path outFile) {
        SortedSet<String> expectedFields = new TreeSet<>();
        c.keys("expected.").forEach(k -> expectedFields.add(k.substring("expected.".length())));
        try (SafetensorsFile out = SafetensorsFile.open(outFile)) {
            SortedSet<String> outputFields = new TreeSet<>();
            out.names().forEach(n -> outputFields.add(n.startsWith("output.") ? n.substring("output.".length()) : n));
            assertEquals(expectedFields, outputFields, c + ": output fields");
            assertEquals(out.names().size(), out.names().stream().filter(n -> n.startsWith("output.")).count(),
                    "every tensor is named output.<field>: " + out.names());
            for (String field : expectedFields) {
                String expectedKey = "expected." + field;
                TensorInfo info = out.info("output." + field);
                if (field.endsWith("_ids_restore")) {
                    assertEquals(DType.I64, info.dtype(), field);
                    c.assertExact(expectedKey, out.readLongs(info.name()), info.shape());
                } else {
                    assertEquals(DType.F32, info.dtype(), field);
                    Tolerance tolerance = field.endsWith("_label_masks") ? Tolerance.EXACT : Tolerance.MODEL;
                    c.assertClose(expectedKey, out.readFloats(info.name()), info.shape(), tolerance);
                }
            }
        }
    }
}
