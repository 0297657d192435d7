package ai.tvlt.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.hub.FakeHub;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.HubException;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code fromPretrained(String)} takes a hub id: the golden tiny checkpoints served by the loopback
 * {@link FakeHub} load as their folders do, into the given cache, and give the same results.
 */
class HubIdLoadingTest {

    private static final String PRETRAINING_COMMIT = "1111111111111111111111111111111111111111";
    private static final String CLASSIFICATION_COMMIT = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    @Test
    void hubIdsLoadLikeTheirFolders() throws IOException {
        Path pretraining = GoldenFiles.resolve("models/tiny-pretraining");
        Path classification = GoldenFiles.resolve("models/tiny-classification");
        SampleMedia.Clip clip = new SampleMedia(4, 1.0, 40, 30).generateClip(dir, 0);
        try (FakeHub hub = new FakeHub()) {
            serve(hub, "owner/pretraining", PRETRAINING_COMMIT, pretraining);
            serve(hub, "owner/classifier", CLASSIFICATION_COMMIT, classification);
            HubEnvironment env = new HubEnvironment(hub.endpoint(), null, dir.resolve("cache"), false);

            float[] fromFolder;
            try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(pretraining.toString())) {
                fromFolder = embedder.embed(clip.folder());
            }
            try (TvltEmbedder embedder = TvltEmbedder.fromPretrained("owner/pretraining",
                    EmbedderOptions.builder().hub(env).build())) {
                assertArrayEquals(fromFolder, embedder.embed(clip.folder()));
            }
            assertTrue(Files.isDirectory(dir.resolve("cache/models--owner--pretraining/snapshots/" + PRETRAINING_COMMIT)));

            try (TvltModel model = TvltModel.fromPretrained("owner/pretraining", env);
                    TvltModel local = TvltModel.fromPretrained(pretraining);
                    TvltForAudioVisualClassification localClassifier =
                            TvltForAudioVisualClassification.fromPretrained(classification);
                    TvltForPreTraining heads = TvltForPreTraining.fromPretrained("owner/pretraining@main", env);
                    TvltForAudioVisualClassification classifier = TvltForAudioVisualClassification.fromPretrained(
                            "owner/classifier", env)) {
                assertEquals(local.config(), model.config());
                assertEquals(32, heads.config().hiddenSize());
                assertEquals(localClassifier.labels(), classifier.labels());
            }
            assertEquals(TvltProcessor.fromPretrained(pretraining).toString(),
                    TvltProcessors.fromPretrained("owner/pretraining", env).toString());
            assertEquals(TvltProcessor.fromPretrained(pretraining).toString(),
                    TvltProcessors.fromPretrained(pretraining.toString()).toString());

            HubException absent = assertThrows(HubException.class, () -> TvltModel.fromPretrained("owner/absent", env));
            assertTrue(absent.getMessage().contains("owner/absent"), absent.getMessage());
        }
        InvalidInputException missingFolder = assertThrows(InvalidInputException.class,
                () -> TvltModel.fromPretrained(dir.resolve("no/such/folder").toString()));
        assertTrue(missingFolder.getMessage().contains("does not exist"), missingFolder.getMessage());
    }

    private static void serve(FakeHub hub, String repo, String commit, Path folder) throws IOException {
        hub.repo(repo).commit(commit, FakeHub.files(
                "config.json", Files.readAllBytes(folder.resolve("config.json")),
                "model.safetensors", Files.readAllBytes(folder.resolve("model.safetensors")))).ref("main", commit);
    }
}
