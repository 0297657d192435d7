package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user story end to end, without Python: a repository whose main revision holds only
 * {@code config.json} and {@code pytorch_model.bin} (like ZinengTang/tvlt-base) is downloaded into the
 * shared cache, and its weights read bit-for-bit as the golden safetensors.
 */
class HubGoldenCheckpointTest {

    @Test
    void pytorchOnlyRepositoryLoadsWithoutPython(@TempDir Path cache) throws IOException {
        Path golden = GoldenFiles.resolve("models/tiny-pretraining");
        String commit = "4444444444444444444444444444444444444444";
        try (FakeHub hub = new FakeHub()) {
            hub.repo("tiny/tvlt").commit(commit, FakeHub.files(
                    "config.json", Files.readAllBytes(golden.resolve("config.json")),
                    "pytorch_model.bin", Files.readAllBytes(golden.resolve("pytorch_model.bin")))).ref("main", commit);
            HubClient client = HubClient.builder().environment(new HubEnvironment(hub.endpoint(), null, cache, false))
                    .progress(DownloadProgress.none()).retryDelay(Duration.ZERO).build();

            Snapshot snapshot = client.download(RepoRef.parse("tiny/tvlt"));
            assertEquals(Snapshot.WeightsFormat.PYTORCH, snapshot.weights());
            try (TorchCheckpoint bin = TorchCheckpoint.open(snapshot.folder().resolve("pytorch_model.bin"));
                 SafetensorsFile expected = SafetensorsFile.open(golden.resolve("model.safetensors"))) {
                assertEquals(expected.names(), bin.names());
                for (String name : expected.names()) {
                    assertEquals(expected.rawData(name), bin.rawData(name), name);
                }
            }
            assertTrue(Files.isSymbolicLink(snapshot.folder().resolve("pytorch_model.bin")));
        }
    }
}
