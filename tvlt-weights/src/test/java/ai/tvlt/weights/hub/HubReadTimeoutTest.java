package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read timeout restarts with every bytes received: a stalled body fails, a slow flowing one does not; its
 * default is HF_HUB_DOWNLOAD_TIMEOUT.
 */
class HubReadTimeoutTest {

    @TempDir
    Path cache;

    FakeHub hub;
    byte[] weights;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        weights = new byte[200_000];
        new Random(11).nextBytes(weights);
        hub.repo("o/n").commit(HubClientTest.MAIN, FakeHub.files("config.json", "{}", "model.safetensors", weights))
                .ref("main", HubClientTest.MAIN);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubClient client(Duration readTimeout, int attempts) {
        return HubClient.builder().environment(new HubEnvironment(hub.endpoint(), null, cache, false))
                .proxyVariables(Map.of()).progress(DownloadProgress.none()).readTimeout(readTimeout)
                .maxAttempts(attempts).retryDelay(Duration.ZERO).build();
    }

    @Test
    void aStalledBodyFailsAfterTheTimeoutAndTheNextAttemptResumes() throws IOException {
        hub.stallAfterBytesOnce = 50_000;
        long start = System.nanoTime();
        Path folder = client(Duration.ofMillis(500), 2).resolve("o/n");
        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "did not wait for the stalled server");
        assertEquals(List.of("null", "bytes=50000-"), hub.rangeHeaders);
    }

    @Test
    void aStalledBodyWithoutRetriesSaysItStalled() {
        hub.stallAfterBytesOnce = 50_000;
        HubException e = assertThrows(HubException.class, () -> client(Duration.ofMillis(300), 1).resolve("o/n"));
        assertTrue(e.getMessage().contains("no bytes arrived for 0.3 s; the transfer stalled"), e.getMessage());
    }

    /** HF_HUB_DOWNLOAD_TIMEOUT sets the read timeout when the code does not, as huggingface_hub reads it. */
    @Test
    void theDownloadTimeoutVariableIsTheReadTimeout() {
        hub.stallAfterBytesOnce = 50_000;
        HubEnvironment env = HubEnvironment.fromVariables(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                "HF_HUB_CACHE", cache.toString(), "HF_HUB_DOWNLOAD_TIMEOUT", "1"), cache);
        HubClient client = HubClient.builder().environment(env).proxyVariables(Map.of())
                .progress(DownloadProgress.none()).maxAttempts(1).build();
        long start = System.nanoTime();
        HubException e = assertThrows(HubException.class, () -> client.resolve("o/n"));
        assertTrue(e.getMessage().contains("no bytes arrived for 1.0 s; the transfer stalled"), e.getMessage());
        assertTrue(System.nanoTime() - start < 9_000_000_000L, "did not wait the 10 s default");
    }

    @Test
    void timeoutVariablesAreWholeSecondsAndZeroMeansTheDefault() {
        assertEquals(Duration.ofSeconds(10), timeouts(Map.of()).downloadTimeout());
        assertEquals(Duration.ofSeconds(10), timeouts(Map.of()).etagTimeout());
        assertEquals(Duration.ofSeconds(10), timeouts(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "0")).downloadTimeout());
        assertEquals(Duration.ofSeconds(60), timeouts(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", " 60 ")).downloadTimeout());
        assertEquals(Duration.ofSeconds(3), timeouts(Map.of("HF_HUB_ETAG_TIMEOUT", "3")).etagTimeout());
        for (String bad : List.of("1.5", "-1", "ten", "99999999999")) {
            ai.tvlt.core.error.ConfigException e = assertThrows(ai.tvlt.core.error.ConfigException.class,
                    () -> timeouts(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", bad)));
            assertTrue(e.getMessage().startsWith("HF_HUB_DOWNLOAD_TIMEOUT must be a whole number of seconds")
                    && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    private HubEnvironment timeouts(Map<String, String> variables) {
        java.util.Map<String, String> all = new java.util.HashMap<>(variables);
        all.put("HF_HUB_CACHE", cache.toString());
        return HubEnvironment.fromVariables(all, cache);
    }

    @Test
    void aSlowBodyThatKeepsFlowingDoesNotTimeOut() throws IOException {
        hub.slowBodyChunkMillis = 100; // 25 chunks of 8 KB: 2.5 s in all, far beyond the timeout
        Path folder = client(Duration.ofMillis(400), 1).resolve("o/n");
        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
    }
}
