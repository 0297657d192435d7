package ai.tvlt.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DynamicBatcher} with a plain function (no model): batching, back-pressure, failures, close. */
class DynamicBatcherTest {

    @Test
    void itemsArrivingWithinTheWaitShareOneBatchAndGetTheirOwnOutputs() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, String> batcher = DynamicBatcher.<Integer, String>builder(
                items -> items.stream().map(i -> "#" + i).toList())
                .maxBatchSize(4).maxWait(Duration.ofSeconds(30)).capacity(10).batchSizes(sizes::add).build()) {
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(batcher.submit(i));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("#" + i, results.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(4), sizes);
        }
    }

    @Test
    void aBatchNeverExceedsTheMaximum() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = DynamicBatcher.<Integer, Integer>builder(items -> {
            await(release);
            return items;
        }).maxBatchSize(3).maxWait(Duration.ofMillis(200)).capacity(20).batchSizes(sizes::add).build()) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                results.add(batcher.submit(i));
            }
            release.countDown();
            for (int i = 0; i < 7; i++) {
                assertEquals(i, results.get(i).get(10, TimeUnit.SECONDS));
            }
            assertTrue(sizes.stream().allMatch(s -> s <= 3), sizes.toString());
            assertEquals(7, sizes.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = DynamicBatcher.<Integer, Integer>builder(items -> {
            running.countDown();
            await(release);
            return items;
        }).maxBatchSize(1).maxWait(Duration.ZERO).capacity(2).build()) {
            CompletableFuture<Integer> first = batcher.submit(1);
            assertTrue(running.await(10, TimeUnit.SECONDS));
            CompletableFuture<Integer> second = batcher.submit(2);
            CompletableFuture<Integer> third = batcher.submit(3);
            assertEquals(2, batcher.queueDepth());
            RejectedExecutionException full = assertThrows(RejectedExecutionException.class, () -> batcher.submit(4));
            assertTrue(full.getMessage().contains("full (2 items waiting)"), full.getMessage());
            release.countDown();
            assertEquals(List.of(1, 2, 3), List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS),
                    third.get(10, TimeUnit.SECONDS)));
        }
    }

    @Test
    void aFailingBatchFailsItsItemsAndTheNextBatchRuns() throws Exception {
        try (DynamicBatcher<Integer, Integer> batcher = DynamicBatcher.<Integer, Integer>builder(items -> {
            if (items.contains(13)) {
                throw new InvalidInputException("unlucky");
            }
            return items;
        }).maxBatchSize(1).build()) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> batcher.submit(13).get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof InvalidInputException);
            assertEquals(7, batcher.submit(7).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeRunsTheQueuedItemsThenRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher = DynamicBatcher.<Integer, Integer>builder(items -> {
            await(release);
            return items;
        }).maxBatchSize(1).capacity(5).build();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(batcher.submit(i));
        }
        Thread closer = new Thread(batcher::close);
        closer.start();
        release.countDown();
        closer.join(10_000);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, results.get(i).getNow(-1));
        }
        assertThrows(RejectedExecutionException.class, () -> batcher.submit(9));
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingThem() {
        DynamicBatcher.Builder<Integer, Integer> builder = DynamicBatcher.builder(items -> items);
        assertTrue(assertThrows(InvalidInputException.class, () -> builder.maxBatchSize(0)).getMessage()
                .contains("maxBatchSize"));
        assertTrue(assertThrows(InvalidInputException.class, () -> builder.capacity(0)).getMessage()
                .contains("capacity"));
        assertTrue(assertThrows(InvalidInputException.class, () -> builder.maxWait(Duration.ofMillis(-1)))
                .getMessage().contains("maxWait"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
