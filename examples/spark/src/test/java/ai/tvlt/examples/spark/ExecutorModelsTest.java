package ai.tvlt.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorModelsTest {

    /** Counts its builds; slow to build so that concurrent callers really overlap. */
    private record CountingFactory(String key, AtomicInteger builds, boolean fail) implements EmbedderFactory {
        @Override
        public BatchEmbedder create() {
            builds.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new IllegalStateException("no checkpoint at " + key);
            }
            return new BatchEmbedder() {
                @Override
                public List<ClipResult> embed(List<Clip> batch) {
                    return List.of();
                }
            };
        }
    }

    private static String uniqueKey() {
        return "test-model-" + UUID.randomUUID();
    }

    @Test
    void concurrentTasksShareOneEmbedderBuiltOnce() throws Exception {
        CountingFactory factory = new CountingFactory(uniqueKey(), new AtomicInteger(), false);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BatchEmbedder>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return ExecutorModels.get(factory);
                }));
            }
            start.countDown();
            Set<BatchEmbedder> seen = ConcurrentHashMap.newKeySet();
            for (Future<BatchEmbedder> f : futures) {
                seen.add(f.get());
            }
            assertEquals(1, seen.size());
            assertEquals(1, factory.builds().get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentKeysGetDifferentEmbedders() {
        AtomicInteger builds = new AtomicInteger();
        BatchEmbedder a = ExecutorModels.get(new CountingFactory(uniqueKey(), builds, false));
        BatchEmbedder b = ExecutorModels.get(new CountingFactory(uniqueKey(), builds, false));
        assertNotSame(a, b);
        assertEquals(2, builds.get());
    }

    @Test
    void aFailedBuildIsNotCachedSoTheNextTaskRetries() {
        String key = uniqueKey();
        AtomicInteger builds = new AtomicInteger();
        CountingFactory failing = new CountingFactory(key, builds, true);
        assertThrows(IllegalStateException.class, () -> ExecutorModels.get(failing));
        assertThrows(IllegalStateException.class, () -> ExecutorModels.get(failing));
        assertEquals(2, builds.get());

        BatchEmbedder built = ExecutorModels.get(new CountingFactory(key, builds, false));
        assertSame(built, ExecutorModels.get(new CountingFactory(key, builds, false)));
        assertEquals(3, builds.get());
    }
}
