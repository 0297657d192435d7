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

/** The read timeout restarts with every bytes received: a stalled body fails, a slow flowing one does not. */
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

    @Test
    void aSlowBodyThatKeepsFlowingDoesNotTimeOut() throws IOException {
        hub.slowBodyChunkMillis = 100; // 25 chunks of 8 KB: 2.5 s in all, far beyond the timeout
        Path folder = client(Duration.ofMillis(400), 1).resolve("o/n");
        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
    }
}
