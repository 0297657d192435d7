package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting a thread in the middle of a download (the {@link FakeHub}'s CDN sends the 200 kB weights
 * slowly, 8 kB every 20 ms) ends that download with a {@link HubException} and the thread's interrupt flag
 * set, installs nothing half-written, keeps no lock, and lets the next download (from another thread)
 * complete, resuming the partial file, with the exact bytes the hub serves.
 */
class HubInterruptTest {

    private static final String REPO = "ZinengTang/tvlt-base";
    private static final String MAIN = "0123456789abcdef0123456789abcdef01234567";
    private static final Duration DEADLOCK_GUARD = Duration.ofMinutes(2);

    @TempDir
    Path cache;

    private FakeHub hub;
    private byte[] weights;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        weights = new byte[200_000];
        new Random(7).nextBytes(weights);
        hub.repo(REPO).commit(MAIN, FakeHub.files("config.json", "{\"model_type\": \"tvlt\"}",
                "model.safetensors", weights)).ref("main", MAIN);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubClient client() {
        return HubClient.builder().environment(new HubEnvironment(hub.endpoint(), null, cache, false))
                .progress(DownloadProgress.none()).retryDelay(Duration.ofMillis(10)).build();
    }

    private Path blobs() {
        return cache.resolve("models--ZinengTang--tvlt-base").resolve("blobs");
    }

    private long incompleteBytes() throws IOException {
        Path dir = blobs();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> partial = files.filter(p -> p.toString().endsWith(".incomplete")).toList();
            long n = 0;
            for (Path p : partial) {
                n += Files.size(p);
            }
            return n;
        }
    }

    @Test
    void interruptedDownloadLeavesAUsableCacheAndTheNextDownloadCompletes() throws Exception {
        hub.slowBodyChunkMillis = 20;
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread downloader = new Thread(() -> {
            try {
                client().download(RepoRef.parse(REPO));
            } catch (Throwable e) {
                outcome.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        }, "interrupted-download");
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            downloader.start();
            while (incompleteBytes() < 3 * FakeHub.SLOW_CHUNK) {
                Thread.sleep(5);
            }
            downloader.interrupt();
            downloader.join();
        });
        assertNotNull(outcome.get(), "the interrupted download did not complete");
        assertTrue(outcome.get() instanceof HubException, "documented exception: " + outcome.get());
        assertTrue(outcome.get().getMessage().contains("interrupted"), outcome.get().getMessage());
        assertTrue(flagKept.get(), "the interrupt flag is kept for the caller");
        assertFalse(Files.exists(blobs().resolve(FakeHub.sha256(weights))), "no half-written blob is installed");
        long partial = incompleteBytes();
        assertTrue(partial < weights.length, "partial bytes kept for resuming: " + partial);

        hub.slowBodyChunkMillis = 0;
        hub.clearLog();
        AtomicReference<Snapshot> second = new AtomicReference<>();
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Thread t = new Thread(() -> second.set(client().download(RepoRef.parse(REPO))), "second-download");
            t.start();
            t.join();
        });
        assertNotNull(second.get(), "the second download completed");
        assertArrayEquals(weights, Files.readAllBytes(second.get().folder().resolve("model.safetensors")));
        assertArrayEquals(weights, Files.readAllBytes(blobs().resolve(FakeHub.sha256(weights))));
        assertEquals(0, incompleteBytes(), "no .incomplete file is left");
        if (partial > 0) {
            assertTrue(hub.rangeHeaders.contains("bytes=" + partial + "-"), "resumed at byte " + partial + ": "
                    + hub.rangeHeaders);
        }
    }
}
