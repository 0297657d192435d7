package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.hub.FakeHub;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt download} and {@code --model owner/name} against a fake hub on 127.0.0.1 serving the golden
 * tiny checkpoint, with the hub environment (endpoint, cache, offline) injected through
 * {@link TvltCommand#newCommandLine(java.util.function.Supplier)}.
 */
class HubCommandsTest {

    private static final String REPO = "tiny/tvlt";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Path GOLDEN = GoldenFiles.resolve("models/tiny-pretraining");

    @TempDir
    Path cache;

    FakeHub hub;

    @BeforeEach
    void serveGoldenCheckpoint() throws IOException {
        hub = new FakeHub();
        hub.repo(REPO).commit(COMMIT, FakeHub.files(
                "config.json", Files.readAllBytes(GOLDEN.resolve("config.json")),
                "model.safetensors", Files.readAllBytes(GOLDEN.resolve("model.safetensors"))))
                .ref("main", COMMIT);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubEnvironment online() {
        return new HubEnvironment(hub.endpoint(), null, cache, false);
    }

    private HubEnvironment offline() {
        return online().withOffline(true);
    }

    private Path snapshot() {
        return cache.resolve("models--tiny--tvlt").resolve("snapshots").resolve(COMMIT);
    }

    @Test
    void downloadFillsTheCacheAndPrintsTheSnapshotFolder() throws IOException {
        CliRun run = CliRun.tvlt(online(), "download", REPO);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(snapshot().toString()), run.outLines());
        assertTrue(run.err().contains("commit " + COMMIT), run.err());
        for (String file : List.of("config.json", "model.safetensors")) {
            assertArrayEquals(Files.readAllBytes(GOLDEN.resolve(file)), Files.readAllBytes(snapshot().resolve(file)), file);
        }
        assertTrue(Files.isSymbolicLink(snapshot().resolve("model.safetensors")), "huggingface_hub cache layout");
    }

    @Test
    void downloadOfflineAnswersFromTheCacheWithoutARequest() {
        assertEquals(0, CliRun.tvlt(online(), "download", REPO).exitCode());
        int requests = hub.requestCount();
        CliRun run = CliRun.tvlt(online(), "download", REPO + "@main", "--offline");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(snapshot().toString()), run.outLines());
        assertEquals(requests, hub.requestCount());
    }

    private static String withoutWeightsLine(String inspectOutput) {
        return inspectOutput.replaceAll("(?m)^weights: .*\\R", "");
    }

    @Test
    void modelRepoIdIsDownloadedWhenMissingLikeFromPretrained() {
        CliRun run = CliRun.tvlt(online(), "inspect", "--model", REPO);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("checkpoint: " + snapshot()), run.out());
        // the same but for the weights line: the golden folder also holds pytorch_model.bin, not downloaded
        assertEquals(withoutWeightsLine(run.out().replace(snapshot().toString(), GOLDEN.toString())),
                withoutWeightsLine(CliRun.tvlt(online(), "inspect", GOLDEN.toString()).out()));
        assertTrue(run.outLines().contains("weights: model.safetensors"), run.out());
    }

    @Test
    void modelRepoIdIsTakenFromTheCacheWhenOffline() {
        assertEquals(0, CliRun.tvlt(online(), "download", REPO).exitCode());
        int requests = hub.requestCount();
        CliRun run = CliRun.tvlt(offline(), "inspect", "--model", REPO);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("checkpoint: " + snapshot()), run.out());
        assertEquals(requests, hub.requestCount());
    }

    @Test
    void offlineWithoutCacheSaysHowToGetTheFiles() {
        CliRun run = CliRun.tvlt(offline(), "inspect", "--model", REPO);
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertHowToGetTheFiles(run.singleErrorLine());
        assertEquals(0, hub.requestCount());
    }

    @Test
    void unreachableHubWithoutCacheSaysHowToGetTheFiles() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HubEnvironment unreachable = new HubEnvironment(URI.create("http://127.0.0.1:" + closedPort), null, cache, false);
        CliRun run = CliRun.tvlt(unreachable, "inspect", "--model", REPO);
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertHowToGetTheFiles(run.singleErrorLine());
    }

    private static void assertHowToGetTheFiles(String line) {
        assertTrue(line.startsWith(ErrorReporter.PREFIX), line);
        assertTrue(line.contains("tvlt download " + REPO), line);
        assertTrue(line.contains("pass that folder instead of the id"), line);
    }

    @Test
    void downloadOfflineWithoutCacheFails() {
        CliRun run = CliRun.tvlt(online(), "download", REPO, "--offline");
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("tvlt download " + REPO), run.err());
        assertEquals("", run.out());
    }

    @Test
    void hubErrorsAreOneLine() {
        CliRun missingRepo = CliRun.tvlt(online(), "download", "nobody/absent");
        assertEquals(ErrorReporter.EXIT_FAILURE, missingRepo.exitCode());
        assertTrue(missingRepo.singleErrorLine().contains("nobody/absent"), missingRepo.err());

        CliRun missingRevision = CliRun.tvlt(online(), "inspect", "--model", REPO + "@v9");
        assertEquals(ErrorReporter.EXIT_FAILURE, missingRevision.exitCode());
        assertTrue(missingRevision.singleErrorLine().contains("v9"), missingRevision.err());

        CliRun badId = CliRun.tvlt(online(), "download", "a/b/c");
        assertEquals(ErrorReporter.EXIT_USAGE, badId.exitCode());
        assertTrue(badId.singleErrorLine().contains("a/b/c"), badId.err());
    }

    @Test
    void folderModelsNeedNoHubEnvironment() {
        CliRun run = CliRun.tvlt(() -> {
            throw new AssertionError("the hub environment must not be read for a folder");
        }, "inspect", "--model", GOLDEN.toString());
        assertEquals(0, run.exitCode(), run.err());
    }
}
