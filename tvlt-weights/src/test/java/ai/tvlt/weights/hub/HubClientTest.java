package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub client against {@link FakeHub}: cache layout, request economy, offline use, resumed and
 * corrupted transfers, errors, pull-request revisions, tokens.
 */
class HubClientTest {

    static final String REPO = "ZinengTang/tvlt-base";
    static final String MAIN = "0123456789abcdef0123456789abcdef01234567";
    static final String PR1 = "fedcba9876543210fedcba9876543210fedcba98";
    static final String CONFIG = "{\"model_type\": \"tvlt\", \"hidden_size\": 32}";
    static final String PREPROCESSOR = "{\"feature_extractor_type\": \"TvltFeatureExtractor\"}";

    @TempDir
    Path cache;

    FakeHub hub;
    byte[] bin;
    byte[] safetensors;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        Random random = new Random(42);
        bin = new byte[300_000];
        random.nextBytes(bin);
        safetensors = new byte[200_000];
        random.nextBytes(safetensors);
        hub.repo(REPO)
                .commit(MAIN, FakeHub.files("config.json", CONFIG, "preprocessor_config.json", PREPROCESSOR,
                        "pytorch_model.bin", bin, "README.md", "# TVLT"))
                .commit(PR1, FakeHub.files("config.json", CONFIG, "preprocessor_config.json", PREPROCESSOR,
                        "pytorch_model.bin", bin, "model.safetensors", safetensors))
                .ref("main", MAIN)
                .ref("refs/pr/1", PR1);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubClient client(boolean offline, String token) {
        return HubClient.builder()
                .environment(new HubEnvironment(hub.endpoint(), token, cache, offline))
                .progress(DownloadProgress.none())
                .retryDelay(Duration.ZERO)
                .build();
    }

    HubClient client() {
        return client(false, null);
    }

    Path repoFolder() {
        return cache.resolve("models--ZinengTang--tvlt-base");
    }

    @Test
    void firstDownloadFillsTheCacheInTheHuggingFaceHubLayout() throws IOException {
        Snapshot snapshot = client().download(RepoRef.parse(REPO));

        Path repo = repoFolder();
        assertEquals(repo.resolve("snapshots").resolve(MAIN), snapshot.folder());
        assertEquals(MAIN, snapshot.commit());
        assertEquals(Snapshot.WeightsFormat.PYTORCH, snapshot.weights());
        assertEquals(List.of("config.json", "preprocessor_config.json", "pytorch_model.bin"), snapshot.files());
        assertEquals(MAIN, Files.readString(repo.resolve("refs/main")), "refs/main holds the bare commit");

        assertLinked(snapshot.folder(), "config.json", FakeHub.gitSha1(CONFIG.getBytes(StandardCharsets.UTF_8)));
        assertLinked(snapshot.folder(), "preprocessor_config.json",
                FakeHub.gitSha1(PREPROCESSOR.getBytes(StandardCharsets.UTF_8)));
        assertLinked(snapshot.folder(), "pytorch_model.bin", FakeHub.sha256(bin));
        assertArrayEquals(bin, Files.readAllBytes(snapshot.folder().resolve("pytorch_model.bin")));

        assertTrue(Files.exists(repo.resolve(".no_exist").resolve(MAIN).resolve("model.safetensors")));
        assertTrue(Files.exists(repo.resolve(".no_exist").resolve(MAIN).resolve("model.safetensors.index.json")));
        assertTrue(Files.exists(cache.resolve(".locks/models--ZinengTang--tvlt-base/" + FakeHub.sha256(bin) + ".lock")));
        assertFalse(Files.exists(snapshot.folder().resolve("README.md")), "only the needed files are fetched");
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertEquals(3, blobs.filter(p -> !p.toString().endsWith(".incomplete")).count());
        }
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.toString().endsWith(".incomplete")));
        }
        assertTrue(hub.hubAuthorizations.stream().allMatch("null"::equals), "no token was configured");
        assertTrue(hub.cdnRequests.stream().allMatch(r -> r.startsWith("GET /repos/")), hub.cdnRequests.toString());
    }

    /** A snapshot entry is a relative symlink to ../../blobs/etag, as huggingface_hub creates it. */
    private static void assertLinked(Path snapshot, String file, String etag) throws IOException {
        Path pointer = snapshot.resolve(file);
        assertTrue(Files.isSymbolicLink(pointer), file + " is a symlink");
        assertEquals(Path.of("..", "..", "blobs", etag), Files.readSymbolicLink(pointer));
        assertTrue(Files.isRegularFile(snapshot.getParent().getParent().resolve("blobs").resolve(etag)));
    }

    @Test
    void secondRunMakesNoRequestForCachedFiles() {
        HubClient client = client();
        Path folder = client.resolve(REPO);
        hub.clearLog();

        assertEquals(folder, client.resolve(REPO + "@" + MAIN));
        assertEquals(0, hub.requestCount(), "a cached commit needs no request: " + hub.hubRequests);

        assertEquals(folder, client.resolve(REPO));
        assertEquals(List.of("HEAD /ZinengTang/tvlt-base/resolve/main/config.json",
                "HEAD /api/resolve-cache/models/ZinengTang/tvlt-base/" + MAIN + "/config.json"), hub.hubRequests,
                "a branch costs one HEAD (and the hub's relative redirect) to learn its current commit");
        assertTrue(hub.cdnRequests.isEmpty());
    }

    @Test
    void aMovedBranchFetchesOnlyTheNewCommitsMissingFiles() throws IOException {
        HubClient client = client();
        client.resolve(REPO);
        String next = "1111111111111111111111111111111111111111";
        hub.repo(REPO).commit(next, FakeHub.files("config.json", "{\"model_type\": \"tvlt\"}",
                "preprocessor_config.json", PREPROCESSOR, "pytorch_model.bin", bin)).ref("main", next);
        hub.clearLog();

        Path folder = client.resolve(REPO);
        assertEquals(repoFolder().resolve("snapshots").resolve(next), folder);
        assertEquals(next, Files.readString(repoFolder().resolve("refs/main")));
        assertTrue(hub.cdnRequests.isEmpty(), "the unchanged weights blob is reused: " + hub.cdnRequests);
        assertTrue(Files.isSymbolicLink(folder.resolve("pytorch_model.bin")));
    }

    @Test
    void offlineModeWorksFromTheCacheAndSaysWhatIsMissing() {
        Path folder = client().resolve(REPO);
        hub.clearLog();

        HubClient offline = client(true, null);
        assertEquals(folder, offline.resolve(REPO));
        assertEquals(folder, offline.resolve(REPO + "@" + MAIN));
        assertEquals(0, hub.requestCount());

        HubException e = assertThrows(HubException.class, () -> offline.resolve(REPO + "@refs/pr/1"));
        assertEquals(HubException.Reason.NOT_IN_CACHE, e.reason());
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE"), e.getMessage());
        assertTrue(e.getMessage().contains("refs/refs/pr/1"), e.getMessage());
        assertTrue(e.getMessage().contains("local folder"), e.getMessage());
        assertTrue(e.getMessage().contains("tvlt download " + REPO + "@refs/pr/1"), e.getMessage());
        assertEquals(0, hub.requestCount());
    }

    @Test
    void offlineWithAnEmptyCacheListsTheMissingFiles() {
        HubException e = assertThrows(HubException.class, () -> client(true, null).resolve(REPO + "@" + MAIN));
        assertEquals(HubException.Reason.NOT_IN_CACHE, e.reason());
        assertTrue(e.getMessage().contains("snapshots/" + MAIN + "/config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
    }

    @Test
    void unreachableHubFallsBackToTheCache() throws IOException {
        Path folder = client().resolve(REPO);
        HubEnvironment dead = new HubEnvironment(java.net.URI.create("http://127.0.0.1:1"), null, cache, false);
        HubClient client = HubClient.builder().environment(dead).progress(DownloadProgress.none())
                .connectTimeout(Duration.ofSeconds(2)).build();
        assertEquals(folder, client.resolve(REPO));
        HubException e = assertThrows(HubException.class, () -> client.resolve(REPO + "@v2"));
        assertEquals(HubException.Reason.NOT_IN_CACHE, e.reason());
        assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:1"), e.getMessage());
    }

    @Test
    void pullRequestRevisionsAreEncodedAndCachedUnderRefsRefsPr() throws IOException {
        Snapshot snapshot = client().download(RepoRef.parse(REPO + "@refs/pr/1"));

        assertEquals(PR1, snapshot.commit());
        assertEquals(Snapshot.WeightsFormat.SAFETENSORS, snapshot.weights());
        assertTrue(hub.hubRequests.contains("HEAD /ZinengTang/tvlt-base/resolve/refs%2Fpr%2F1/config.json"),
                hub.hubRequests.toString());
        assertEquals(PR1, Files.readString(repoFolder().resolve("refs/refs/pr/1")));
        assertArrayEquals(safetensors, Files.readAllBytes(snapshot.folder().resolve("model.safetensors")));
        assertFalse(Files.exists(snapshot.folder().resolve("pytorch_model.bin")), "safetensors is preferred");
        assertTrue(hub.hubRequests.stream().noneMatch(r -> r.contains("pytorch_model.bin")));
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequest() throws IOException {
        hub.dropAfterBytesOnce = 100_000;
        Path folder = client().resolve(REPO);

        assertArrayEquals(bin, Files.readAllBytes(folder.resolve("pytorch_model.bin")));
        assertEquals(List.of("null", "bytes=100000-"), hub.rangeHeaders);
    }

    @Test
    void anInterruptedRunIsResumedByTheNextOne() throws IOException {
        hub.dropAfterBytesOnce = 120_000;
        HubClient once = HubClient.builder().environment(new HubEnvironment(hub.endpoint(), null, cache, false))
                .progress(DownloadProgress.none()).maxAttempts(1).build();
        HubException e = assertThrows(HubException.class, () -> once.resolve(REPO));
        assertEquals(HubException.Reason.TRANSFER_FAILED, e.reason());
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
        Path incomplete = repoFolder().resolve("blobs").resolve(FakeHub.sha256(bin) + ".incomplete");
        assertEquals(120_000, Files.size(incomplete));
        assertFalse(Files.exists(repoFolder().resolve("snapshots").resolve(MAIN).resolve("pytorch_model.bin")));
        hub.clearLog();

        Path folder = client().resolve(REPO);
        assertArrayEquals(bin, Files.readAllBytes(folder.resolve("pytorch_model.bin")));
        assertEquals(List.of("bytes=120000-"), hub.rangeHeaders);
        assertFalse(Files.exists(incomplete));
    }

    @Test
    void aServerIgnoringRangeRestartsTheTransferFromTheStart() throws IOException {
        Path blobs = Files.createDirectories(repoFolder().resolve("blobs"));
        Files.write(blobs.resolve(FakeHub.sha256(bin) + ".incomplete"), new byte[50_000]); // stale garbage
        hub.ignoreRange = true;
        Path folder = client().resolve(REPO);
        assertEquals(List.of("bytes=50000-"), hub.rangeHeaders);
        assertArrayEquals(bin, Files.readAllBytes(folder.resolve("pytorch_model.bin")));
    }

    @Test
    void aCorruptedTransferIsDetectedAndNotInstalled() throws IOException {
        hub.corruptOnce = true;
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> client().resolve(REPO));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
        Path blobs = repoFolder().resolve("blobs");
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(bin))));
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(bin) + ".incomplete")));
        assertFalse(Files.exists(repoFolder().resolve("snapshots").resolve(MAIN).resolve("pytorch_model.bin")));

        Path folder = client().resolve(REPO);
        assertArrayEquals(bin, Files.readAllBytes(folder.resolve("pytorch_model.bin")));
    }

    @Test
    void unknownRepositoryIs401WithATokenHint() {
        HubException e = assertThrows(HubException.class, () -> client().resolve("nobody/nothing"));
        assertEquals(HubException.Reason.REPOSITORY_NOT_FOUND, e.reason());
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("nobody/nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
    }

    @Test
    void unknownRevisionAndMissingFilesAre404WithClearMessages() {
        HubException revision = assertThrows(HubException.class, () -> client().resolve(REPO + "@v9"));
        assertEquals(HubException.Reason.REVISION_NOT_FOUND, revision.reason());
        assertEquals(404, revision.status());
        assertTrue(revision.getMessage().contains("'v9'"), revision.getMessage());

        String commit = "2222222222222222222222222222222222222222";
        hub.repo("someone/no-weights").commit(commit, FakeHub.files("config.json", CONFIG)).ref("main", commit);
        HubException weights = assertThrows(HubException.class, () -> client().resolve("someone/no-weights"));
        assertEquals(HubException.Reason.FILE_NOT_FOUND, weights.reason());
        assertTrue(weights.getMessage().contains("model.safetensors, model.safetensors.index.json, pytorch_model.bin"),
                weights.getMessage());

        hub.repo("someone/not-a-model").commit(commit, FakeHub.files("README.md", "hi")).ref("main", commit);
        HubException config = assertThrows(HubException.class, () -> client().resolve("someone/not-a-model"));
        assertEquals(HubException.Reason.FILE_NOT_FOUND, config.reason());
        assertTrue(config.getMessage().contains("config.json"), config.getMessage());
    }

    @Test
    void privateRepositoriesNeedTheTokenWhichNeverReachesTheCdnOrMessages() {
        hub.repo(REPO).requiredToken = "hf_secret_token";
        HubException anonymous = assertThrows(HubException.class, () -> client().resolve(REPO));
        assertEquals(HubException.Reason.REPOSITORY_NOT_FOUND, anonymous.reason());
        assertTrue(anonymous.getMessage().contains("HF_TOKEN"));
        HubException wrong = assertThrows(HubException.class, () -> client(false, "hf_wrong").resolve(REPO));
        assertFalse(wrong.getMessage().contains("hf_wrong"));
        hub.clearLog();

        HubClient authorised = client(false, "hf_secret_token");
        Path folder = authorised.resolve(REPO);
        assertTrue(Files.exists(folder.resolve("pytorch_model.bin")));
        assertTrue(hub.hubAuthorizations.stream().allMatch("Bearer hf_secret_token"::equals), hub.hubAuthorizations.toString());
        assertTrue(hub.cdnAuthorizations.stream().allMatch("null"::equals), "the token must not go to the CDN");
        assertFalse(authorised.environment().toString().contains("hf_secret_token"));
    }

    @Test
    void gatedRepositoriesSayToRequestAccess() {
        FakeHub.Repo repo = hub.repo(REPO);
        repo.requiredToken = "hf_granted";
        repo.gated = true;
        HubException anonymous = assertThrows(HubException.class, () -> client().resolve(REPO));
        assertEquals(HubException.Reason.ACCESS_DENIED, anonymous.reason());
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.getMessage().contains("Request access"), anonymous.getMessage());
        HubException denied = assertThrows(HubException.class, () -> client(false, "hf_other").resolve(REPO));
        assertEquals(403, denied.status());
        assertTrue(denied.getMessage().contains("does not grant access"), denied.getMessage());
    }

    @Test
    void shardedSafetensorsBringTheirShards() throws IOException {
        String commit = "3333333333333333333333333333333333333333";
        byte[] shard1 = new byte[5000];
        byte[] shard2 = new byte[3000];
        new Random(7).nextBytes(shard1);
        String index = "{\"metadata\": {\"total_size\": 8000}, \"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\","
                + " \"b\": \"model-00002-of-00002.safetensors\", \"c\": \"model-00001-of-00002.safetensors\"}}";
        hub.repo("someone/sharded").commit(commit, FakeHub.files("config.json", CONFIG,
                "model.safetensors.index.json", index, "model-00001-of-00002.safetensors", shard1,
                "model-00002-of-00002.safetensors", shard2)).ref("main", commit);

        Snapshot s = client().download(RepoRef.parse("someone/sharded"));
        assertEquals(Snapshot.WeightsFormat.SHARDED_SAFETENSORS, s.weights());
        assertEquals(List.of("config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors"), s.files());
        assertArrayEquals(shard2, Files.readAllBytes(s.folder().resolve("model-00002-of-00002.safetensors")));
        hub.clearLog();
        assertEquals(s, client(true, null).download(RepoRef.parse("someone/sharded")));
        assertEquals(s.folder(), client().resolve("someone/sharded@" + commit));
        assertEquals(0, hub.requestCount());
    }

    @Test
    void shardedPytorchWeightsBringTheirShards() throws IOException {
        String commit = "4444444444444444444444444444444444444444";
        byte[] shard1 = new byte[5000];
        byte[] shard2 = new byte[3000];
        new Random(8).nextBytes(shard1);
        String index = "{\"weight_map\": {\"a\": \"pytorch_model-00001-of-00002.bin\","
                + " \"b\": \"pytorch_model-00002-of-00002.bin\"}}";
        hub.repo("someone/sharded-bin").commit(commit, FakeHub.files("config.json", CONFIG,
                "pytorch_model.bin.index.json", index, "pytorch_model-00001-of-00002.bin", shard1,
                "pytorch_model-00002-of-00002.bin", shard2)).ref("main", commit);

        Snapshot s = client().download(RepoRef.parse("someone/sharded-bin"));
        assertEquals(Snapshot.WeightsFormat.SHARDED_PYTORCH, s.weights());
        assertEquals(List.of("config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin",
                "pytorch_model-00002-of-00002.bin"), s.files());
        assertArrayEquals(shard1, Files.readAllBytes(s.folder().resolve("pytorch_model-00001-of-00002.bin")));
        hub.clearLog();
        assertEquals(s, client(true, null).download(RepoRef.parse("someone/sharded-bin")));
    }

    @Test
    void concurrentResolutionsDownloadEachBlobOnce() throws Exception {
        hub.cdnDelayMillis = 300;
        HubClient client = client();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> client.resolve(REPO));
            var b = pool.submit(() -> client.resolve(REPO));
            assertEquals(a.get(), b.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hub.cdnRequests.size(), hub.cdnRequests.toString());
        assertArrayEquals(bin, Files.readAllBytes(repoFolder().resolve("snapshots").resolve(MAIN)
                .resolve("pytorch_model.bin")));
    }

    @Test
    void locateReturnsLocalFoldersAsTheyAre(@TempDir Path local) {
        assertEquals(local, client(true, null).locate(local.toString()));
        assertEquals(0, hub.requestCount());
    }
}
