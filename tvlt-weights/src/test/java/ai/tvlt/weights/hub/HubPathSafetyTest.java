package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing a hub serves can make the client read or write outside its cache folder: shard names in a served
 * {@code model.safetensors.index.json} that climb out ({@code ..}) or are absolute are refused before any
 * request for them, and an ETag or commit header that could name a path ({@code ../../x}) is refused before
 * anything is written. The cache root's parent is checked to hold nothing new afterwards.
 */
class HubPathSafetyTest {

    private static final String REPO = "owner/model";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String CONFIG = "{\"model_type\": \"tvlt\"}";

    @TempDir
    Path root;

    private HubClient client(URI endpoint) {
        return HubClient.builder().environment(new HubEnvironment(endpoint, null, root.resolve("cache"), false))
                .progress(DownloadProgress.none()).retryDelay(Duration.ZERO).maxAttempts(1).build();
    }

    private List<String> outsideTheCache() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root) && !p.startsWith(root.resolve("cache"))).map(Path::toString)
                    .toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../evil.safetensors", "/tmp/evil.safetensors", "shards/../../evil.safetensors",
        "..", "C:\\evil.safetensors"})
    void shardNamesThatLeaveTheSnapshotAreRefusedBeforeAnyRequest(String shard) throws IOException {
        try (FakeHub hub = new FakeHub()) {
            String index = "{\"metadata\": {}, \"weight_map\": {\"w\": \"" + shard.replace("\\", "\\\\") + "\"}}";
            hub.repo(REPO).commit(COMMIT, FakeHub.files("config.json", CONFIG, "model.safetensors.index.json", index))
                    .ref("main", COMMIT);
            CorruptFileException e = assertThrows(CorruptFileException.class,
                    () -> client(hub.endpoint()).download(RepoRef.parse(REPO)));
            assertTrue(e.getMessage().contains("model.safetensors.index.json"), e.getMessage());
            assertTrue(e.getMessage().contains("shard"), e.getMessage());
            assertTrue(hub.hubRequests.stream().noneMatch(r -> r.contains("evil")), hub.hubRequests.toString());
            assertEquals(List.of(), outsideTheCache());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../../../evil\"", "\"..\"", "\"a/b\"", "W/\"../x\""})
    void etagsThatCouldNameAPathAreRefused(String etag) throws IOException {
        assertHostileHeadersRefused(COMMIT, etag, "ETag");
    }

    @Test
    void aCommitHeaderThatCouldNameAPathIsRefused() throws IOException {
        assertHostileHeadersRefused("../../../../evil", "\"abc\"", "X-Repo-Commit");
    }

    /** A server answering every request with the given headers and a 10-byte body. */
    private void assertHostileHeadersRefused(String commit, String etag, String named) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("X-Repo-Commit", commit);
                ex.getResponseHeaders().set("ETag", etag);
                ex.getResponseHeaders().set("Content-Length", "10");
                ex.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            HubException e = assertThrows(HubException.class, () -> client(endpoint).download(RepoRef.parse(REPO)));
            assertTrue(e.getMessage().contains(named), e.getMessage());
            assertEquals(List.of(), outsideTheCache());
        } finally {
            server.stop(0);
        }
    }
}
