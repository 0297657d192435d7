package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One {@link TvltModel} under load: 8 threads x 25 forwards on 8 different inputs give bit for bit the
 * single-threaded outputs; {@link TvltModel#close()} while threads are running forwards lets every running
 * forward finish correctly and turns later ones into {@link ClosedException}; interrupting a thread in a
 * forward leaves the model usable and exact.
 *
 * <p>Checkpoint: the golden {@code small-realistic} model (hidden 64, 2 layers, 224x224 frames, 16x16
 * patches) with small inputs: 1 or 2 frames (196 or 392 pixel tokens) and 48 to 96 spectrogram rows (24 to
 * 48 audio tokens), batch 1 or 2, some with padding masks, seeded MAE masking and hidden states, so that
 * several workspace shapes are created, shared and evicted concurrently. Timeouts are only deadlock guards.
 */
class TvltModelLoadTest {

    private static final int THREADS = 8;
    private static final int FORWARDS_PER_THREAD = 25;
    private static final Duration DEADLOCK_GUARD = Duration.ofMinutes(5);

    private static TvltModel model;
    private static List<TvltModelInput> inputs;
    private static List<TvltModelOutput> references;

    @BeforeAll
    static void loadModelAndReferences() {
        model = TvltModel.fromPretrained(GoldenFiles.resolve("models/small-realistic"));
        inputs = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            inputs.add(input(i));
        }
        references = new ArrayList<>();
        for (TvltModelInput in : inputs) {
            references.add(model.forward(in));
        }
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** Input {@code i}: its own random values, and a shape, masks and flags that vary with {@code i}. */
    static TvltModelInput input(int i) {
        int batch = i % 4 == 3 ? 2 : 1;
        int frames = 1 + i % 2;
        int rows = 48 + 16 * (i % 4);
        SplittableRandom random = new SplittableRandom(1000 + i);
        TvltModelInput.Builder b = TvltModelInput.builder()
                .pixelValues(randomTensor(random, batch, frames, 3, 224, 224))
                .audioValues(randomTensor(random, batch, 1, rows, 128))
                .seed(i);
        int pixelTokens = frames * 196;
        int audioTokens = rows / 16 * 8;
        if (i % 3 == 1) {
            b.pixelMask(paddingMask(batch, pixelTokens, pixelTokens - 196 * (frames - 1)))
                    .audioMask(paddingMask(batch, audioTokens, audioTokens - 8));
        }
        if (i % 4 == 2) {
            b.maskPixel(true).maskAudio(true);
        }
        if (i % 5 == 4) {
            b.outputHiddenStates(true);
        }
        return b.build();
    }

    private static FloatTensor randomTensor(SplittableRandom random, long... shape) {
        float[] data = new float[(int) Arrays.stream(shape).reduce(1, (a, c) -> a * c)];
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) random.nextDouble(-1, 1);
        }
        return FloatTensor.wrap(data, shape);
    }

    /** Ones for the first {@code valid} tokens of the last sample, ones everywhere for the others. */
    private static FloatTensor paddingMask(int batch, int tokens, int valid) {
        float[] m = new float[batch * tokens];
        Arrays.fill(m, 1f);
        Arrays.fill(m, (batch - 1) * tokens + valid, batch * tokens, 0f);
        return FloatTensor.wrap(m, batch, tokens);
    }

    static void assertSameOutput(TvltModelOutput expected, TvltModelOutput actual, String what) {
        assertArrayEquals(expected.lastHiddenState().data(), actual.lastHiddenState().data(), what);
        assertArrayEquals(expected.lastHiddenState().shape(), actual.lastHiddenState().shape(), what);
        assertEquals(expected.hiddenStates().size(), actual.hiddenStates().size(), what);
        for (int i = 0; i < expected.hiddenStates().size(); i++) {
            assertArrayEquals(expected.hiddenStates().get(i).data(), actual.hiddenStates().get(i).data(), what);
        }
        assertEquals(expected.pixelIdsRestore().map(t -> Arrays.toString(t.data())),
                actual.pixelIdsRestore().map(t -> Arrays.toString(t.data())), what);
        assertEquals(expected.audioIdsRestore().map(t -> Arrays.toString(t.data())),
                actual.audioIdsRestore().map(t -> Arrays.toString(t.data())), what);
    }

    @Test
    void eightThreadsOfTwentyFiveForwardsGiveTheSingleThreadedOutputsBitForBit() {
        AtomicInteger forwards = new AtomicInteger();
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < FORWARDS_PER_THREAD; r++) {
                            int i = (thread + r) % inputs.size();
                            assertSameOutput(references.get(i), model.forward(inputs.get(i)),
                                    "input " + i + " on thread " + thread + ", forward " + r);
                            forwards.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        });
        assertEquals(THREADS * FORWARDS_PER_THREAD, forwards.get());
    }

    @Test
    void closingUnderLoadLetsRunningForwardsFinishAndRefusesLaterOnes() throws Exception {
        TvltModel doomed = TvltModel.fromPretrained(GoldenFiles.resolve("models/small-realistic"));
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch running = new CountDownLatch(4);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        running.countDown();
                        for (int r = 0; ; r++) {
                            int i = (thread + r) % inputs.size();
                            try {
                                assertSameOutput(references.get(i), doomed.forward(inputs.get(i)), "input " + i);
                                completed.incrementAndGet();
                            } catch (ClosedException e) {
                                assertTrue(e.getMessage().contains("closed"), e.getMessage());
                                refused.incrementAndGet();
                                return;
                            } catch (Throwable e) {
                                unexpected.compareAndSet(null, e);
                                return;
                            }
                        }
                    }));
                }
                running.await();
                while (completed.get() < 8) {
                    Thread.sleep(5);
                }
                doomed.close();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        });
        if (unexpected.get() != null) {
            throw new AssertionError("a forward failed other than with ClosedException", unexpected.get());
        }
        assertEquals(4, refused.get(), "every thread ends with a ClosedException");
    }

    @Test
    void interruptingAThreadInAForwardLeavesTheModelUsable() throws Exception {
        TvltModelInput in = inputs.get(2);
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                started.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    assertSameOutput(references.get(2), model.forward(in), "before the interrupt");
                    done.incrementAndGet();
                }
                // the flag is set: a forward on an interrupted thread still completes and is exact
                assertSameOutput(references.get(2), model.forward(in), "on the interrupted thread");
                done.incrementAndGet();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "interrupted-forwards");
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            worker.start();
            started.await();
            for (int k = 0; k < 3; k++) {
                Thread.sleep(17);
                worker.interrupt();
            }
            worker.join();
        });
        if (failure.get() != null) {
            throw new AssertionError("the interrupted thread's forward failed", failure.get());
        }
        assertTrue(done.get() >= 1, "the worker ran forwards");
        assertFalse(worker.isAlive());
        for (int i = 0; i < inputs.size(); i++) {
            assertSameOutput(references.get(i), model.forward(inputs.get(i)), "after the interrupt, input " + i);
        }
    }
}
