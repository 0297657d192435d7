package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.models.tvlt.TvltForPreTrainingOutput;
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
 * {@code tvlt match} on the tiny pre-training checkpoint and generated clips. Scores are compared EXACTLY
 * (float equality) with TvltForPreTraining called directly on the same preprocessed input: the command
 * runs the same computation on the same batch of one, so no tolerance is needed.
 */
class MatchCommandTest {

    @TempDir
    static Path media;

    private static List<SampleMedia.Clip> clips;

    @BeforeAll
    static void generateClips() {
        clips = HeadsFixtures.clips(media, 3);
    }

    @Test
    void singlePairScoreIsSigmoidOfTheModelsMatchingLogit() {
        SampleMedia.Clip clip = clips.get(0);
        JsonNode json = matchJson(List.of(clip.framesFolder()), List.of(clip.audio()));

        PixelInputs pixels = HeadsFixtures.pixels(HeadsFixtures.PRETRAINING, clip.framesFolder());
        AudioFeatures audio = HeadsFixtures.audio(HeadsFixtures.PRETRAINING, clip.audio());
        float logit;
        try (TvltForPreTraining model = TvltForPreTraining.fromPretrained(HeadsFixtures.PRETRAINING)) {
            TvltForPreTrainingOutput out = model.forward(TvltForPreTrainingInput.builder()
                    .pixelValues(pixels.pixelValues()).pixelMask(HeadsFixtures.asFloat(pixels.pixelMask()))
                    .audioValues(audio.audioValues()).audioMask(audio.audioMask()).build());
            logit = out.matchingLogits().orElseThrow().get(0);
        }
        float sigmoid = (float) (1.0 / (1.0 + Math.exp(-(double) logit)));
        assertEquals(logit, json.at("/logits/0/0").floatValue());
        assertEquals(sigmoid, json.at("/probabilities/0/0").floatValue());

        CliRun text = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(),
                "--video", clip.framesFolder().toString(), "--audio", clip.audio().toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(List.of(String.format(Locale.ROOT, "probability: %.6f", sigmoid),
                String.format(Locale.ROOT, "logit:       %.6f", logit)), text.outLines());
    }

    @Test
    void matrixHasRowsPerVideoAndColumnsPerAudioEachEqualToItsSinglePairScore() {
        List<Path> videos = List.of(clips.get(0).framesFolder(), clips.get(1).framesFolder());
        List<Path> audio = clips.stream().map(SampleMedia.Clip::audio).toList();
        JsonNode json = matchJson(videos, audio);
        assertEquals(2, json.get("probabilities").size());
        assertEquals(2, json.get("logits").size());
        for (int i = 0; i < videos.size(); i++) {
            assertEquals(3, json.get("probabilities").get(i).size());
            assertEquals(videos.get(i).toString(), json.get("videos").get(i).asText());
            for (int j = 0; j < audio.size(); j++) {
                JsonNode single = matchJson(List.of(videos.get(i)), List.of(audio.get(j)));
                assertEquals(single.at("/probabilities/0/0").floatValue(),
                        json.get("probabilities").get(i).get(j).floatValue(), "probability of v" + i + " a" + j);
                assertEquals(single.at("/logits/0/0").floatValue(), json.get("logits").get(i).get(j).floatValue(),
                        "logit of v" + i + " a" + j);
            }
        }
        assertNotEquals(json.at("/logits/0/0").floatValue(), json.at("/logits/1/0").floatValue(),
                "different videos give different scores");
    }

    @Test
    void matrixIsPrintedAsATable() {
        List<Path> videos = List.of(clips.get(0).framesFolder(), clips.get(1).framesFolder());
        List<Path> audio = clips.stream().map(SampleMedia.Clip::audio).toList();
        CliRun run = CliRun.tvlt(args(videos, audio, false));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = matchJson(videos, audio);
        List<String> lines = run.outLines();
        assertEquals("matching probability (rows: videos, columns: audio)", lines.get(0));
        assertEquals(List.of("a0", "a1", "a2"), List.of(lines.get(1).trim().split("\\s+")));
        for (int i = 0; i < 2; i++) {
            String[] cells = lines.get(2 + i).trim().split("\\s+");
            assertEquals("v" + i, cells[0]);
            assertEquals(4, cells.length, lines.get(2 + i));
            for (int j = 0; j < 3; j++) {
                assertEquals(String.format(Locale.ROOT, "%.6f", json.at("/probabilities/" + i + "/" + j).floatValue()),
                        cells[1 + j]);
            }
        }
        assertTrue(lines.contains("  v1  " + videos.get(1)), run.out());
        assertTrue(lines.contains("  a2  " + audio.get(2)), run.out());
    }

    @Test
    void classificationCheckpointHasNoMatchingHead() {
        CliRun run = CliRun.tvlt("match", "--model", HeadsFixtures.CLASSIFICATION.toString(),
                "--video", clips.get(0).framesFolder().toString(), "--audio", clips.get(0).audio().toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith(ErrorReporter.PREFIX) && line.contains("has no matching head")
                && line.contains("TvltForAudioVisualClassification"), line);
        assertEquals("", run.out());
    }

    @Test
    void configWithoutTheMatchingTaskHasNoMatchingHead(@TempDir Path dir) {
        Path checkpoint = HeadsFixtures.editedCheckpoint(HeadsFixtures.PRETRAINING, dir.resolve("no-matching"),
                HeadsFixtures.edits().put("task_matching", false), name -> name.startsWith("matching_head."));
        CliRun run = CliRun.tvlt("match", "--model", checkpoint.toString(),
                "--video", clips.get(0).framesFolder().toString(), "--audio", clips.get(0).audio().toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.contains("has no matching head") && line.contains("task_matching false"), line);
    }

    @Test
    void weightsWithoutTheMatchingHeadAreNamed(@TempDir Path dir) {
        Path checkpoint = HeadsFixtures.editedCheckpoint(HeadsFixtures.PRETRAINING, dir.resolve("no-fc"),
                HeadsFixtures.edits(), name -> name.startsWith("matching_head.fc."));
        CliRun run = CliRun.tvlt("match", "--model", checkpoint.toString(),
                "--video", clips.get(0).framesFolder().toString(), "--audio", clips.get(0).audio().toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.contains("has no matching head") && line.contains("matching_head.fc.weight")
                && !line.contains("matching_head.pooler"), line);
    }

    @Test
    void matchingHeadWithoutTheMaeDecoderStillScores(@TempDir Path dir) {
        // task_mae stays true in config.json, but the decoder weights are gone: match does not need them
        Path checkpoint = HeadsFixtures.editedCheckpoint(HeadsFixtures.PRETRAINING, dir.resolve("matching-only"),
                HeadsFixtures.edits(), name -> !name.startsWith("tvlt.") && !name.startsWith("matching_head."));
        SampleMedia.Clip clip = clips.get(1);
        JsonNode full = matchJson(List.of(clip.framesFolder()), List.of(clip.audio()));
        CliRun run = CliRun.tvlt("match", "--model", checkpoint.toString(), "--json",
                "--video", clip.framesFolder().toString(), "--audio", clip.audio().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(full.at("/logits/0/0").floatValue(), asMatrix(run, List.of(clip.framesFolder()),
                List.of(clip.audio())).at("/logits/0/0").floatValue());
    }

    @Test
    void missingAudioFileIsOneLine(@TempDir Path dir) {
        Path absent = dir.resolve("absent.wav");
        CliRun run = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(),
                "--video", clips.get(0).framesFolder().toString(), "--audio", absent.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains(absent.toString()), run.err());
        assertEquals("", run.out());
    }

    @Test
    void missingAudioOptionIsAUsageError() {
        CliRun run = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(),
                "--video", clips.get(0).framesFolder().toString());
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("--audio"), run.err());
    }

    @Test
    void aVideoFileAloneIsMatchedWithItsSoundTrack() {
        Path mp4 = HeadsFixtures.media("mp4_h264_aac_44k_stereo.mp4");
        JsonNode withAudio = matchJson(List.of(mp4), List.of(mp4));
        CliRun alone = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--video", mp4.toString(),
                "--json");
        assertEquals(0, alone.exitCode(), alone.err());
        assertEquals(withAudio.at("/logits/0/0").floatValue(),
                asMatrix(alone, List.of(mp4), List.of(mp4)).at("/logits/0/0").floatValue());
    }

    @Test
    void dirOfVideoFilesAndClipFoldersScoresEachClipWithItsOwnAudio(@TempDir Path dir) throws IOException {
        Path mp4 = HeadsFixtures.media("mp4_h264_aac_44k_stereo.mp4");
        Path batch = Files.createDirectories(dir.resolve("batch"));
        Files.copy(mp4, batch.resolve("first.mp4"));
        Files.copy(mp4, batch.resolve("second.MOV"));
        SampleMedia.Clip folderClip = HeadsFixtures.clips(batch, 1).get(0);
        float videoLogit = matchJson(List.of(mp4), List.of(mp4)).at("/logits/0/0").floatValue();
        float folderLogit = matchJson(List.of(folderClip.framesFolder()), List.of(folderClip.audio()))
                .at("/logits/0/0").floatValue();

        CliRun run = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--dir", batch.toString(),
                "--json", "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertEquals(3, lines.size(), run.out());
        List<String> ids = List.of("clip0", "first", "second");
        for (int i = 0; i < 3; i++) {
            JsonNode line = HeadsFixtures.parseJson(lines.get(i));
            assertEquals(ids.get(i), line.get("id").asText());
            float logit = line.get("logit").floatValue();
            assertEquals(i == 0 ? folderLogit : videoLogit, logit, ids.get(i));
            assertEquals((float) (1.0 / (1.0 + Math.exp(-(double) logit))), line.get("probability").floatValue());
        }
        assertEquals(folderClip.audio().toString(), HeadsFixtures.parseJson(lines.get(0)).get("audio").asText());
        assertEquals(batch.resolve("first.mp4").toString(), HeadsFixtures.parseJson(lines.get(1)).get("audio").asText());

        CliRun text = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--dir", batch.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(List.of("id", "probability", "logit"), List.of(text.outLines().get(0).trim().split("\\s+")));
        String[] first = text.outLines().get(2).trim().split("\\s+");
        assertEquals(List.of("first", String.format(Locale.ROOT, "%.6f", HeadsFixtures.parseJson(lines.get(1))
                .get("probability").floatValue()), String.format(Locale.ROOT, "%.6f", videoLogit)), List.of(first));
        assertTrue(text.err().contains("tvlt: match: 3/3 clips (100%)"), text.err());
    }

    @Test
    void listOfVideoFilesScoresEachAndAFailingClipDoesNotStopTheOthers(@TempDir Path dir) throws IOException {
        Files.copy(HeadsFixtures.media("mp4_h264_aac_44k_stereo.mp4"), dir.resolve("talk.mp4"));
        Files.copy(HeadsFixtures.media("mp4_h264_no_audio.mp4"), dir.resolve("silent.mp4"));
        Path list = Files.writeString(dir.resolve("clips.tsv"), "silent.mp4\ntalk.mp4\n");
        float logit = matchJson(List.of(dir.resolve("talk.mp4")), List.of(dir.resolve("talk.mp4")))
                .at("/logits/0/0").floatValue();

        CliRun run = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--list", list.toString(),
                "--json", "--no-progress");
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertEquals(1, run.outLines().size(), run.out());
        JsonNode line = HeadsFixtures.parseJson(run.out());
        assertEquals("talk", line.get("id").asText());
        assertEquals(logit, line.get("logit").floatValue());
        List<String> errors = run.errLines();
        assertEquals(2, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith(ErrorReporter.PREFIX + "clip 'silent': ")
                && errors.get(0).contains("silent.mp4"), errors.get(0));
        assertTrue(errors.get(1).contains("1 of 2 clips failed") && errors.get(1).contains("scored"), errors.get(1));
    }

    @Test
    void batchAndPairOptionsDoNotMix(@TempDir Path dir) {
        CliRun both = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--dir", dir.toString(),
                "--video", clips.get(0).framesFolder().toString());
        assertEquals(ErrorReporter.EXIT_USAGE, both.exitCode());
        assertTrue(both.singleErrorLine().contains("--list FILE or --dir DIR"), both.err());
        CliRun none = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString());
        assertEquals(ErrorReporter.EXIT_USAGE, none.exitCode());
        CliRun audioOnly = CliRun.tvlt("match", "--model", HeadsFixtures.PRETRAINING.toString(), "--audio",
                clips.get(0).audio().toString());
        assertEquals(ErrorReporter.EXIT_USAGE, audioOnly.exitCode());
        assertTrue(audioOnly.singleErrorLine().contains("--audio needs --video"), audioOnly.err());
    }

    /** Runs match --json and gathers its JSON Lines (one per pair, rows first) into {videos, probabilities, logits}. */
    private static JsonNode matchJson(List<Path> videos, List<Path> audio) {
        CliRun run = CliRun.tvlt(args(videos, audio, true));
        assertEquals(0, run.exitCode(), run.err());
        return asMatrix(run, videos, audio);
    }

    private static JsonNode asMatrix(CliRun run, List<Path> videos, List<Path> audio) {
        List<String> lines = run.outLines();
        assertEquals(videos.size() * audio.size(), lines.size(), run.out());
        com.fasterxml.jackson.databind.node.ObjectNode matrix = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode();
        var videoNames = matrix.putArray("videos");
        var probabilities = matrix.putArray("probabilities");
        var logits = matrix.putArray("logits");
        for (int i = 0; i < videos.size(); i++) {
            videoNames.add(videos.get(i).toString());
            var probabilityRow = probabilities.addArray();
            var logitRow = logits.addArray();
            for (int j = 0; j < audio.size(); j++) {
                JsonNode line = HeadsFixtures.parseJson(lines.get(i * audio.size() + j));
                assertEquals(videos.get(i).toString(), line.get("video").asText());
                assertEquals(audio.get(j).toString(), line.get("audio").asText());
                probabilityRow.add(line.get("probability").floatValue());
                logitRow.add(line.get("logit").floatValue());
            }
        }
        return matrix;
    }

    private static String[] args(List<Path> videos, List<Path> audio, boolean json) {
        List<String> args = new java.util.ArrayList<>(List.of("match", "--model", HeadsFixtures.PRETRAINING.toString()));
        videos.forEach(v -> args.addAll(List.of("--video", v.toString())));
        audio.forEach(a -> args.addAll(List.of("--audio", a.toString())));
        if (json) {
            args.add("--json");
        }
        return args.toArray(String[]::new);
    }
}
