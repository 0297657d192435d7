package ai.tvlt.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A pipeline given the wrong kind of checkpoint fails with one line in the library's terms: what the
 * checkpoint is, what it lacks and what the task needs, naming model classes and weights, never a command
 * of the {@code tvlt} tool.
 */
class CheckpointHeadsTest {

    private static final Path PRETRAINING = GoldenFiles.resolve("models/tiny-pretraining");
    private static final Path CLASSIFICATION = GoldenFiles.resolve("models/tiny-classification");

    @Test
    void classificationCheckpointHasNoMatchingHead() {
        assertMessage(() -> MatchScorer.fromPretrained(CLASSIFICATION), List.of("checkpoint " + CLASSIFICATION,
                "has no matching head", "TvltForAudioVisualClassification checkpoint", "audio-visual matching needs a"
                + " TvltForPreTraining checkpoint"));
    }

    @Test
    void classificationCheckpointHasNoMaeDecoder() {
        assertMessage(() -> Reconstructor.fromPretrained(CLASSIFICATION), List.of("checkpoint " + CLASSIFICATION,
                "has no MAE decoder", "TvltForAudioVisualClassification checkpoint", "reconstruction needs a"
                + " TvltForPreTraining checkpoint"));
    }

    @Test
    void pretrainingCheckpointHasNoClassifier() {
        assertMessage(() -> ClipClassifier.fromPretrained(PRETRAINING), List.of("checkpoint " + PRETRAINING,
                "has no classification head", "it is a TvltForPreTraining checkpoint",
                "classification needs a TvltForAudioVisualClassification checkpoint"));
    }

    private static void assertMessage(Executable load, List<String> parts) {
        String message = assertThrows(InvalidInputException.class, load).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), message);
        }
        for (String command : List.of("'tvlt", "tvlt match", "tvlt classify", "tvlt reconstruct")) {
            assertFalse(message.contains(command), message);
        }
    }
}
