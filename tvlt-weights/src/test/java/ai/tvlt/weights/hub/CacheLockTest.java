package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache lock is the flock(2) that Python's filelock takes: checked against a real holder, a child
 * {@code flock(1)} process (util-linux), in both directions.
 */
class CacheLockTest {

    static final Path FLOCK = Path.of("/usr/bin/flock");

    @TempDir
    Path dir;

    @BeforeEach
    void needsFlock() {
        assumeTrue(CacheLock.usesFlock() && Files.isExecutable(FLOCK), "flock(1) and flock(2) are needed");
    }

    /** A child process holding an exclusive flock on the file until its stdin closes. */
    static Process holdWithFlock(Path lockFile) throws IOException {
        Process p = new ProcessBuilder(FLOCK.toString(), "--exclusive", lockFile.toString(), "sh", "-c",
                "echo held; read ignored").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("held", line);
        return p;
    }

    static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void waitsForAFlockHolderAndTellsOnce() throws Exception {
        Path lockFile = dir.resolve("abc.lock");
        Process holder = holdWithFlock(lockFile);
        CountDownLatch told = new CountDownLatch(1);
        CompletableFuture<CacheLock> acquired = CompletableFuture.supplyAsync(() -> {
            try {
                return CacheLock.acquire(lockFile, told::countDown);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(told.await(5, TimeUnit.SECONDS), "the wait was reported");
        Thread.sleep(500);
        assertFalse(acquired.isDone(), "acquired while flock(1) held the lock");
        release(holder);
        try (CacheLock lock = acquired.get(10, TimeUnit.SECONDS)) {
            assertTrue(Files.exists(lockFile));
        }
    }

    @Test
    void aFlockCallerWaitsForUs() throws Exception {
        Path lockFile = dir.resolve("abc.lock");
        try (CacheLock lock = CacheLock.acquire(lockFile, () -> { })) {
            int status = new ProcessBuilder(FLOCK.toString(), "--nonblock", lockFile.toString(), "true")
                    .start().waitFor();
            assertEquals(1, status, "flock -n got the lock we hold");
        }
        assertEquals(0, new ProcessBuilder(FLOCK.toString(), "--nonblock", lockFile.toString(), "true")
                .start().waitFor(), "the lock is released on close");
    }

    @Test
    void threadsOfOneJvmExcludeEachOther() throws Exception {
        Path lockFile = dir.resolve("abc.lock");
        try (CacheLock first = CacheLock.acquire(lockFile, () -> { })) {
            CompletableFuture<CacheLock> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return CacheLock.acquire(lockFile, () -> { });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(second.isDone());
            first.close();
            second.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void theWaitIsInterruptible() throws Exception {
        Path lockFile = dir.resolve("abc.lock");
        Process holder = holdWithFlock(lockFile);
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    CacheLock.acquire(lockFile, waiting::countDown).close();
                } catch (IOException e) {
                    failure.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            waiter.interrupt();
            waiter.join(5000);
            assertFalse(waiter.isAlive(), () -> java.util.Arrays.toString(waiter.getStackTrace()));
            assertInstanceOf(java.io.InterruptedIOException.class, failure.get());
            assertTrue(flag.get(), "the interrupt flag stays set");
        } finally {
            release(holder);
        }
    }

    @Test
    void aDownloadWaitsWhileAPythonStyleLockIsHeldOnItsBlob() throws Exception {
        Path cache = dir.resolve("cache");
        byte[] weights = new byte[50_000];
        new Random(3).nextBytes(weights);
        try (FakeHub hub = new FakeHub()) {
            hub.repo("o/n").commit(HubClientTest.MAIN, FakeHub.files("config.json", "{}", "model.safetensors",
                    weights)).ref("main", HubClientTest.MAIN);
            Path lockFile = cache.resolve(".locks/models--o--n/" + FakeHub.etagOf(weights) + ".lock");
            Files.createDirectories(lockFile.getParent());
            Process holder = holdWithFlock(lockFile);
            CountDownLatch told = new CountDownLatch(1);
            DownloadProgress progress = new DownloadProgress() {
                @Override
                public Transfer start(String fileName, long totalBytes, long alreadyDownloaded) {
                    return DownloadProgress.none().start(fileName, totalBytes, alreadyDownloaded);
                }

                @Override
                public void waitingForLock(String fileName, Path lock) {
                    assertEquals("model.safetensors", fileName);
                    assertEquals(lockFile, lock);
                    told.countDown();
                }
            };
            HubClient client = HubClient.builder().environment(new HubEnvironment(hub.endpoint(), null, cache, false))
                    .progress(progress).proxyVariables(java.util.Map.of()).retryDelay(Duration.ZERO).build();
            CompletableFuture<Path> download = CompletableFuture.supplyAsync(() -> client.resolve("o/n"));
            assertTrue(told.await(10, TimeUnit.SECONDS));
            Thread.sleep(500);
            assertFalse(download.isDone(), "downloaded while the flock was held");
            assertFalse(hub.cdnRequests.stream().anyMatch(r -> r.startsWith("GET")), "the blob was fetched");
            release(holder);
            Path folder = download.get(10, TimeUnit.SECONDS);
            assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
        }
    }
}
