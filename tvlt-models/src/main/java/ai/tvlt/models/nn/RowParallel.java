package ai.tvlt.models.nn;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Splits a row loop into contiguous chunks run on the common fork-join pool (the caller takes part),
 * so that the Java kernels use the same cores as ND4J's BLAS, one pool busy at a time. Stateless.
 */
public final class RowParallel {

    /** Below this many elements a loop runs on the calling thread: forking costs more than it saves. */
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

    private RowParallel() {
    }

    /**
     * Runs {@code body} over rows [0, rows) in parallel chunks.
     *
     * @param rows number of rows
     * @param rowLength elements per row (sizes the chunks and the scratch rows)
     * @param body the per-chunk work
     */
    public static void forEach(int rows, int rowLength, RowRange body) {
        int workers = ForkJoinPool.getCommonPoolParallelism() + 1;
        long elements = (long) rows * rowLength;
        int chunks = (int) Math.min(Math.min(rows, 4L * workers), Math.max(1, elements / MIN_ELEMENTS_PER_CHUNK));
        if (chunks <= 1) {
            body.run(0, rows, new float[rowLength]);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) rows * c / chunks);
            int to = (int) ((long) rows * (c + 1) / chunks);
            body.run(from, to, new float[rowLength]);
        });
    }
}
