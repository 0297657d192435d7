package ai.tvlt.models.nn;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the model's parallel loops on the fork-join pool the calling thread belongs to (the model's
 * {@link ComputeThreads}), the calling thread taking part: a fixed number of <em>lanes</em> (the pool's
 * parallelism) pull tasks from a shared counter, so a lane that is slowed down (on a shared machine)
 * takes fewer tasks. Each lane has an index, which lets a loop give every lane its own scratch memory.
 * These are the only threads that compute during a forward: BLAS runs single-threaded inside them
 * ({@link Sgemm}). Called from a thread outside any fork-join pool, a loop runs on that thread alone.
 * Stateless.
 */
public final class RowParallel {

    /** Below this many elements a row loop runs on the calling thread: forking costs more than it saves. */
    private static final long MIN_ELEMENTS_PER_CHUNK = 32_768;

    /** A body that processes rows [from, to) with its own scratch row. */
    @FunctionalInterface
    public interface RowRange {
        /**
         * @param from first row
         * @param to end row (exclusive)
         * @param scratch a heap row at least as long as requested, private to this call
         */
        void run(int from, int to, float[] scratch);
    }

    /** A body that processes rows [from, to). */
    @FunctionalInterface
    public interface Chunk {
        /**
         * @param from first row
         * @param to end row (exclusive)
         */
        void run(int from, int to);
    }

    /** One task of a {@link #forEachTask} loop. */
    @FunctionalInterface
    public interface LaneTask {
        /**
         * @param lane the index of the lane running it, in [0, {@link #lanes()}); no other task runs on
         *     this lane at the same time
         * @param task the task index
         */
        void run(int lane, int task);
    }

    private RowParallel() {
    }

    /**
     * @return the number of lanes: the parallelism of the fork-join pool running the calling thread
     *     (its {@link ComputeThreads}), or 1 outside a pool
     */
    public static int lanes() {
        ForkJoinPool pool = ForkJoinTask.getPool();
        return pool == null ? 1 : pool.getParallelism();
    }

    /**
     * Runs {@code body} over rows [0, rows) in parallel chunks sized for cheap element-wise row passes.
     *
     * @param rows number of rows
     * @param rowLength elements per row (sizes the chunks and the scratch rows)
     * @param body the per-chunk work
     */
    public static void forEach(int rows, int rowLength, RowRange body) {
        long elements = (long) rows * rowLength;
        int chunks = (int) Math.min(Math.min(rows, 4L * lanes()), Math.max(1, elements / MIN_ELEMENTS_PER_CHUNK));
        forEachChunk(rows, chunks, (from, to) -> body.run(from, to, new float[rowLength]));
    }

    /**
     * Splits rows [0, rows) into {@code chunks} contiguous, nearly equal ranges and runs them in parallel.
     *
     * @param rows number of rows
     * @param chunks number of ranges (at least 1)
     * @param body the per-range work
     */
    public static void forEachChunk(int rows, int chunks, Chunk body) {
        int n = Math.max(1, Math.min(chunks, rows));
        forEachTask(n, (lane, c) -> body.run((int) ((long) rows * c / n), (int) ((long) rows * (c + 1) / n)));
    }

    /**
     * Splits each sample's rows into the same {@code chunksPerSample} ranges as {@link #forEachChunk} would
     * split one sample alone, and runs all of them in parallel. A row then meets the same product calls (the
     * same number of rows, at the same place in the call) whatever the batch it is in: BLAS kernels treat a
     * row differently by its position in a call, so chunking the whole batch would make a clip's vector
     * depend in its last bits on the other clips of the batch.
     *
     * @param samples number of samples
     * @param rowsPerSample rows of one sample
     * @param chunksPerSample number of ranges per sample (at least 1)
     * @param body the per-range work, with absolute row indices
     */
    public static void forEachSampleChunk(int samples, int rowsPerSample, int chunksPerSample, Chunk body) {
        int n = Math.max(1, Math.min(chunksPerSample, rowsPerSample));
        forEachTask(samples * n, (lane, task) -> {
            int first = (task / n) * rowsPerSample;
            int c = task % n;
            body.run(first + (int) ((long) rowsPerSample * c / n), first + (int) ((long) rowsPerSample * (c + 1) / n));
        });
    }

    /**
     * Runs tasks [0, tasks) on up to {@link #lanes()} lanes and returns when all have finished. The first
     * exception thrown by a task is rethrown (after every lane has stopped).
     *
     * @param tasks number of tasks
     * @param body the work of one task
     */
    public static void forEachTask(int tasks, LaneTask body) {
        int lanes = Math.min(lanes(), tasks);
        if (lanes <= 1) {
            for (int t = 0; t < tasks; t++) {
                body.run(0, t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[lanes - 1];
        // a helper keeps its own exception: join() would rethrow a copy made on the joining thread
        // (message replaced by the original's toString()), not the task's exception as it was thrown
        Throwable[] helperFailures = new Throwable[lanes - 1];
        for (int lane = 1; lane < lanes; lane++) {
            int l = lane;
            helpers[lane - 1] = ForkJoinTask.adapt(() -> {
                try {
                    drain(l, next, tasks, body);
                } catch (RuntimeException | Error e) {
                    helperFailures[l - 1] = e;
                }
            }).fork();
        }
        Throwable failure = null;
        try {
            drain(0, next, tasks, body);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int h = 0; h < helpers.length; h++) {
            helpers[h].quietlyJoin();
            Throwable e = helperFailures[h];
            if (e == null) {
                continue;
            }
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    /** Runs tasks until none is left; on a failure, takes the remaining tasks away from the other lanes. */
    private static void drain(int lane, AtomicInteger next, int tasks, LaneTask body) {
        try {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                body.run(lane, t);
            }
        } catch (RuntimeException | Error e) {
            next.set(tasks);
            throw e;
        }
    }
}
