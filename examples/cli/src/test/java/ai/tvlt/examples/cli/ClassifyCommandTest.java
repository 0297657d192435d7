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
import java.io.IOException;
import java.nio.file.Files;
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

    @Test
    void dirOfVideoFilesAndClipFoldersClassifiesEachClipAsAlone(@TempDir Path dir) throws IOException {
        Path mp4 = HeadsFixtures.media("mp4_h264_aac_44k_stereo.mp4");
        Path batch = Files.createDirectories(dir.resolve("batch"));
        Files.copy(mp4, batch.resolve("talk.mp4"));
        Files.copy(clip.framesFolder(), Files.createDirectories(batch.resolve("clip0")).resolve("frames"));
        try (var frames = Files.list(clip.framesFolder())) {
            for (Path frame : frames.toList()) {
                Files.copy(frame, batch.resolve("clip0/frames").resolve(frame.getFileName()));
            }
        }
        Files.copy(clip.audio(), batch.resolve("clip0/audio.wav"));
        Files.createDirectories(batch.resolve("broken"));
        CliRun alone = CliRun.tvlt("classify", "--model", HeadsFixtures.CLASSIFICATION.toString(), "--video",
                mp4.toString(), "--top-k", "2", "--json");
        assertEquals(0, alone.exitCode(), alone.err());
        JsonNode expectedVideo = HeadsFixtures.parseJson(alone.out());
        JsonNode expectedFolder = HeadsFixtures.parseJson(classify(HeadsFixtures.CLASSIFICATION, "--top-k", "2",
                "--json").out());

        CliRun run = CliRun.tvlt("classify", "--model", HeadsFixtures.CLASSIFICATION.toString(), "--dir",
                batch.toString(), "--top-k", "2", "--json", "--no-progress");
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode(), "the broken clip folder fails the command");
        List<String> lines = run.outLines();
        assertEquals(2, lines.size(), run.out());
        JsonNode folderLine = HeadsFixtures.parseJson(lines.get(0));
        JsonNode videoLine = HeadsFixtures.parseJson(lines.get(1));
        assertEquals("clip0", folderLine.get("id").asText());
        assertEquals("talk", videoLine.get("id").asText());
        assertEquals(expectedFolder.get("predictions"), folderLine.get("predictions"));
        assertEquals(expectedVideo.get("predictions"), videoLine.get("predictions"));
        assertEquals(batch.resolve("talk.mp4").toString(), videoLine.get("audio").asText());
        List<String> errors = run.errLines();
        assertEquals(2, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith(ErrorReporter.PREFIX + "clip 'broken': "), errors.get(0));
        assertTrue(errors.get(1).contains("1 of 3 clips failed") && errors.get(1).contains("classified"),
                errors.get(1));

        Path list = Files.writeString(dir.resolve("clips.csv"), "id,video,audio\nmine,batch/clip0/frames,"
                + "batch/clip0/audio.wav\nbatch/talk.mp4\n");
        CliRun text = CliRun.tvlt("classify", "--model", HeadsFixtures.CLASSIFICATION.toString(), "--list",
                list.toString(), "--top-k", "2");
        assertEquals(0, text.exitCode(), text.err());
        List<String> rows = text.outLines();
        assertEquals(List.of("id", "label", "index", "probability"), List.of(rows.get(0).trim().split("\\s+")));
        assertEquals(5, rows.size(), text.out());
        for (int i = 0; i < 4; i++) {
            JsonNode p = (i < 2 ? expectedFolder : expectedVideo).get("predictions").get(i % 2);
            assertEquals(List.of(i < 2 ? "mine" : "talk", p.get("label").asText(), p.get("index").asText(),
                    String.format(Locale.ROOT, "%.6f", p.get("probability").floatValue())),
                    List.of(rows.get(1 + i).trim().split("\\s+")));
        }
    }

    @Test
    void aFramesFolderWithoutAudioIsAUsageError() {
        CliRun run = CliRun.tvlt("classify", "--model", HeadsFixtures.CLASSIFICATION.toString(), "--video",
                clip.framesFolder().toString());
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("give --audio too"), run.err());
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
