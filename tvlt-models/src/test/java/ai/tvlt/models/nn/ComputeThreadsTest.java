package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@link ComputeThreads}: how many threads, which threads, and what a failure looks like. */
class ComputeThreadsTest {

    @Test
    void aLoopRunsOnExactlyThePoolsThreads() {
        try (ComputeThreads threads = ComputeThreads.of(2)) {
            Set<String> names = ConcurrentHashMap.newKeySet();
            int lanes = threads.run(() -> {
                RowParallel.forEachTask(200, (lane, task) -> {
                    names.add(Thread.currentThread().getName());
                    sleepBriefly();
                });
                return RowParallel.lanes();
            });
            assertEquals(2, lanes);
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.startsWith("tvlt-compute-")), names.toString());
        }
    }

    @Test
    void outsideAPoolALoopRunsOnTheCaller() {
        assertEquals(1, RowParallel.lanes());
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        RowParallel.forEachTask(50, (lane, task) -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), seen);
    }

    @Test
    void aNestedRunStaysOnTheSameThread() {
        try (ComputeThreads threads = ComputeThreads.of(2)) {
            Thread[] outer = new Thread[1];
            Thread inner = threads.run(() -> {
                outer[0] = Thread.currentThread();
                return threads.run(Thread::currentThread);
            });
            assertSame(outer[0], inner);
        }
    }

    @Test
    void theBodysExceptionIsRethrownAsItIs() {
        InvalidInputException original = new InvalidInputException("pixel_values must be finite");
        try (ComputeThreads threads = ComputeThreads.of(2)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> threads.run(() -> {
                throw original;
            }));
            assertSame(original, e);
        }
    }

    @Test
    void theUsersThreadVariablesComeBeforeTheCores() {
        try (ComputeThreads t = ComputeThreads.defaults(Map.of("OMP_NUM_THREADS", "3", "OPENBLAS_NUM_THREADS", "5"), 8)) {
            assertEquals(5, t.threads());
            assertEquals("5 threads (from OPENBLAS_NUM_THREADS)", t.describe());
        }
        try (ComputeThreads t = ComputeThreads.defaults(Map.of("OMP_NUM_THREADS", "3"), 8)) {
            assertEquals(3, t.threads());
        }
        try (ComputeThreads t = ComputeThreads.defaults(Map.of("OMP_NUM_THREADS", "many"), 8)) {
            assertEquals(8, t.threads());
            assertEquals("8 threads (the cores the JVM reports)", t.describe());
        }
        try (ComputeThreads t = ComputeThreads.defaults(Map.of(), 1)) {
            assertEquals("1 thread (the cores the JVM reports)", t.describe());
        }
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ComputeThreads.of(0));
        assertEquals("threads must be at least 1, got 0", e.getMessage());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
