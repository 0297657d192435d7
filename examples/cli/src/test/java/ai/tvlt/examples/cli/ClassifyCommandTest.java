package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.models.tvlt.Prediction;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.image.PixelInputs;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt classify} on the tiny classification (3 labels) and regression checkpoints and a generated
 * clip, compared EXACTLY with TvltForAudioVisualClassification called directly (same computation, same
 * batch of one).
 */
class ClassifyCommandTest {

    @TempDir
    static Path media;

    private static SampleMedia.Clip clip;

    @BeforeAll
    static void generateClip() {
        clip = HeadsFixtures.clips(media, 1).get(0);
    }

    @Test
    void topKLabelsEqualTheLibrarysTopKInDescendingProbability() {
        List<Prediction> expected = libraryTopK(HeadsFixtures.CLASSIFICATION, 2);
        CliRun run = classify(HeadsFixtures.CLASSIFICATION, "--top-k", "2", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.outLines().size(), "one JSON Lines record: " + run.out());
        JsonNode json = HeadsFixtures.parseJson(run.out());
        assertEquals("classification", json.get("task").asText());
        JsonNode predictions = json.get("predictions");
        assertEquals(2, predictions.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).label(), predictions.get(i).get("label").asText());
            assertEquals(expected.get(i).index(), predictions.get(i).get("index").asInt());
            assertEquals(expected.get(i).probability(), predictions.get(i).get("probability").floatValue());
        }
        assertTrue(predictions.get(0).get("probability").floatValue() >= predictions.get(1).get("probability").floatValue());
    }

    @Test
    void textListsEveryLabelWhenKExceedsNumLabels() {
        List<Prediction> expected = libraryTopK(HeadsFixtures.CLASSIFICATION, 3);
        CliRun run = classify(HeadsFixtures.CLASSIFICATION, "--top-k", "10");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run.out());
        assertEquals(List.of("label", "index", "probability"), List.of(lines.get(0).trim().split("\\s+")));
        float previous = Float.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(1 + i).trim().split("\\s+");
            Prediction p = expected.get(i);
            assertEquals(List.of(p.label(), String.valueOf(p.index()),
                    String.format(Locale.ROOT, "%.6f", p.probability())), List.of(cells));
            assertTrue(p.probability() <= previous, "descending");
            previous = p.probability();
        }
    }

    @Test
    void regressionHeadPrintsItsValues() {
        float expected;
        try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.fromPretrained(
                HeadsFixtures.REGRESSION)) {
            expected = forward(model, HeadsFixtures.REGRESSION).logits().get(0);
        }
        CliRun json = classify(HeadsFixtures.REGRESSION, "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode values = HeadsFixtures.parseJson(json.out()).get("values");
        assertEquals(1, values.size());
        assertEquals("LABEL_0", values.get(0).get("label").asText());
        assertEquals(expected, values.get(0).get("value").floatValue());

        CliRun text = classify(HeadsFixtures.REGRESSION);
        assertEquals(List.of("label    index  value", String.format(Locale.ROOT, "LABEL_0      0  %.6f", expected)),
                text.outLines());
    }

    @Test
    void pretrainingCheckpointHasNoClassificationHead() {
        CliRun run = classify(HeadsFixtures.PRETRAINING);
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.contains("has no classification head") && line.contains("TvltForPreTraining"), line);
        assertEquals("", run.out());
    }

    @Test
    void missingVideoIsOneLine(@TempDir Path dir) {
        Path absent = dir.resolve("no-frames");
        CliRun run = CliRun.tvlt("classify", "--model", HeadsFixtures.CLASSIFICATION.toString(),
                "--video", absent.toString(), "--audio", clip.audio().toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains(absent.toString()), run.err());
    }

    @Test
    void topKBelowOneIsAUsageError() {
        CliRun run = classify(HeadsFixtures.CLASSIFICATION, "--top-k", "0");
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("--top-k"), run.err());
    }

    private static CliRun classify(Path checkpoint, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("classify", "--model", checkpoint.toString(),
                "--video", clip.framesFolder().toString(), "--audio", clip.audio().toString()));
        args.addAll(List.of(extra));
        return CliRun.tvlt(args.toArray(String[]::new));
    }

    private static List<Prediction> libraryTopK(Path checkpoint, int k) {
        try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.fromPretrained(checkpoint)) {
            return model.topK(forward(model, checkpoint), k).get(0);
        }
    }

    private static TvltClassificationOutput forward(TvltForAudioVisualClassification model, Path checkpoint) {
        PixelInputs pixels = HeadsFixtures.pixels(checkpoint, clip.framesFolder());
        AudioFeatures audio = HeadsFixtures.audio(checkpoint, clip.audio());
        return model.forward(TvltClassificationInput.builder()
                .pixelValues(pixels.pixelValues()).pixelMask(HeadsFixtures.asFloat(pixels.pixelMask()))
                .audioValues(audio.audioValues()).audioMask(audio.audioMask()).build());
    }
}
