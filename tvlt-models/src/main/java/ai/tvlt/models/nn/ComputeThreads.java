package ai.tvlt.models.nn;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads one model computes on: its own fork-join pool of {@link #threads()} workers. A forward
 * runs as a task of this pool ({@link #run}), so every {@link RowParallel} loop inside it splits its
 * work over exactly these threads, whatever other models or pools the JVM has. BLAS runs
 * single-threaded inside each of them ({@link Sgemm}).
 *
 * <p>Several calls at once share the pool: each runs on one worker and the idle workers help whichever
 * call has work, so a model never uses more than {@link #threads()} cores however many threads call it.
 * Several models in one JVM have one pool each; their threads add up.
 *
 * <p>Thread-safe. Idle workers end after the pool's keep-alive (60 s); {@link #close()} ends them at once.
 */
public final class ComputeThreads implements AutoCloseable {

    /** The variables a user sets to choose native thread counts, in order of precedence. */
    private static final String[] THREAD_VARIABLES = {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"};
    private static final Logger LOG = LoggerFactory.getLogger(ComputeThreads.class);

    private final ForkJoinPool pool;
    private final int threads;
    private final String source;

    private ComputeThreads(int threads, String source) {
        this.threads = threads;
        this.source = source;
        String prefix = "tvlt-compute-" + Integer.toHexString(System.identityHashCode(this)) + "-";
        AtomicInteger workers = new AtomicInteger();
        this.pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(prefix + workers.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /**
     * @param threads the number of threads, at least 1
     * @return a pool of that many threads
     * @throws InvalidInputException when threads is below 1
     */
    public static ComputeThreads of(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        return new ComputeThreads(threads, "requested");
    }

    /**
     * The default: {@code OPENBLAS_NUM_THREADS} or else {@code OMP_NUM_THREADS} when the user set one
     * (a positive integer), otherwise every core the JVM reports ({@link Runtime#availableProcessors()}).
     *
     * @return a pool of the default size
     */
    public static ComputeThreads defaults() {
        return defaults(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    static ComputeThreads defaults(Map<String, String> environment, int cores) {
        for (String variable : THREAD_VARIABLES) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return new ComputeThreads(n, "from " + variable);
                }
            } catch (NumberFormatException e) {
                // falls through to the warning
            }
            LOG.warn("ignoring {}={}: not a positive integer", variable, value);
        }
        return new ComputeThreads(Math.max(1, cores), "the cores the JVM reports");
    }

    /** @return the number of threads a call computes on */
    public int threads() {
        return threads;
    }

    /** @return a short description for logs, e.g. {@code "2 threads (the cores the JVM reports)"} */
    public String describe() {
        return threads + (threads == 1 ? " thread (" : " threads (") + source + ")";
    }

    /**
     * Runs {@code body} on this pool and waits for it. A call from inside this pool (a head whose
     * encoder is run by the same threads) runs inline. Exceptions thrown by the body are rethrown as
     * they are.
     *
     * @param body the work
     * @param <T> its result type
     * @return its result
     */
    public <T> T run(Supplier<T> body) {
        if (ForkJoinTask.getPool() == pool) {
            return body.get();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        pool.submit(() -> {
            try {
                result[0] = body.get();
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        }).join();
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** Stops the workers once running calls have finished; later {@link #run} calls are refused. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
