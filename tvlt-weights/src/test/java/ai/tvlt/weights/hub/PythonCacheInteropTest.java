package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache laid out the way huggingface_hub's documentation shows it (blobs, refs/main, relative
 * symlinks from snapshots) is used as it is, offline and without requests for a cached commit.
 */
class PythonCacheInteropTest {

    @Test
    void readsACacheFilledByPython(@TempDir Path cache) throws IOException {
        String commit = "2439f60ef33a0d46d85da5001d52aeda5b00ce9f";
        String configBlob = "d7edf6bd2a681fb0175f7735299831ee1b22b812";
        String weightsBlob = "403450e234d65943a7dcf7e05a771ce3c92faa84dd07db4ac20f592037a1e4bd";
        Path repo = cache.resolve("models--julien-c--EsperBERTo-small");
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        Files.writeString(repo.resolve("blobs").resolve(configBlob), "{}");
        Files.writeString(repo.resolve("blobs").resolve(weightsBlob), "weights");
        Files.writeString(repo.resolve("refs/main"), commit);
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/" + configBlob));
        Files.createSymbolicLink(snapshot.resolve("pytorch_model.bin"), Path.of("../../blobs/" + weightsBlob));

        HubClient offline = HubClient.builder()
                .environment(new HubEnvironment(HubEnvironment.DEFAULT_ENDPOINT, null, cache, true))
                .progress(DownloadProgress.none()).build();
        Snapshot s = offline.download(RepoRef.parse("julien-c/EsperBERTo-small"));
        assertEquals(snapshot, s.folder());
        assertEquals(Snapshot.WeightsFormat.PYTORCH, s.weights());
        assertEquals(List.of("config.json", "pytorch_model.bin"), s.files());
        assertEquals("weights", Files.readString(s.folder().resolve("pytorch_model.bin")));
    }
}
