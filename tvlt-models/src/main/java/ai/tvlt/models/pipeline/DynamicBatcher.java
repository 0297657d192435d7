package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching: items submitted one at a time by many threads (say, the requests of a server) are
 * gathered into batches and handed to one batch function, so concurrent callers share padded batched
 * forwards. A batch starts with the oldest waiting item and takes whatever else arrives within
 * {@link Builder#maxWait(Duration)}, up to {@link Builder#maxBatchSize(int)} items; batches run one at a
 * time on the batcher's own thread. The queue is bounded ({@link Builder#capacity(int)}): when it is full,
 * {@link #submit} refuses the item at once ({@link RejectedExecutionException}), so a caller can answer
 * "too many requests" instead of letting the backlog grow.
 *
 * <pre>{@code
 * try (TvltEmbedder embedder = TvltEmbedder.fromPretrained("ZinengTang/tvlt-base");
 *         DynamicBatcher<DecodedClip, ClipEmbedding> batcher = DynamicBatcher.builder(embedder::embedDecoded)
 *                 .maxBatchSize(8).maxWait(Duration.ofMillis(10)).capacity(64).build()) {
 *     // on any thread:
 *     ClipEmbedding result = batcher.submit(embedder.decode(ClipSource.of(clipFolder))).join();
 * }
 * }</pre>
 *
 * <p>Results: the batch function returns one output per input, in order; each caller's future completes
 * with its own output. When the function throws, every future of that batch completes exceptionally with
 * the exception (per-item failures are best returned as outputs, as {@link TvltEmbedder#embedDecoded}
 * does). An item whose future was cancelled while it waited is skipped.
 *
 * <p>Thread-safety: {@link #submit} and {@link #queueDepth()} may be called from any thread. {@link #close()}
 * refuses new items, runs every item already queued, then stops the batch thread; it does not close the
 * batch function's model.
 *
 * @param <I> the items (e.g. {@link DecodedClip})
 * @param <O> the outputs (e.g. {@link ClipEmbedding})
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);
    private static final long IDLE_POLL_MILLIS = 50;

    private final Function<List<I>, List<O>> batchFunction;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final int capacity;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending<I, O>> queue;
    private final Thread worker;
    private volatile boolean closed;

    private DynamicBatcher(Builder<I, O> b) {
        this.batchFunction = b.batchFunction;
        this.maxBatchSize = b.maxBatchSize;
        this.maxWaitNanos = b.maxWait.toNanos();
        this.capacity = b.capacity;
        this.batchSizes = b.batchSizes;
        this.queue = new ArrayBlockingQueue<>(b.capacity);
        this.worker = new Thread(this::runBatches, b.threadName);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * @param batchFunction turns a batch of inputs into their outputs, one per input in order (called on
     *     the batcher's thread, one batch at a time)
     * @param <I> the items
     * @param <O> the outputs
     * @return a builder with the defaults: batches of at most 8, 10 ms wait, 64 waiting items
     */
    public static <I, O> Builder<I, O> builder(Function<List<I>, List<O>> batchFunction) {
        return new Builder<>(InvalidInputException.requireNonNull(batchFunction, "batchFunction"));
    }

    /**
     * Queues one item for the next batch.
     *
     * @param item the input
     * @return its output, once its batch has run
     * @throws RejectedExecutionException when {@link Builder#capacity(int)} items are already waiting, or
     *     after {@link #close()}
     */
    public CompletableFuture<O> submit(I item) {
        InvalidInputException.requireNonNull(item, "item");
        if (closed) {
            throw new RejectedExecutionException("the batch queue is closed");
        }
        Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new RejectedExecutionException("the batch queue is full (" + capacity + " items waiting)");
        }
        return pending.result();
    }

    /** @return the number of items waiting for a batch (not counting the batch running now) */
    public int queueDepth() {
        return queue.size();
    }

    /** @return the most items a batch holds */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** @return the most items that may wait */
    public int capacity() {
        return capacity;
    }

    /** Refuses new items, runs those already queued, then stops the batch thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runBatches() {
        while (true) {
            List<Pending<I, O>> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                LOG.debug("batch thread interrupted; stopping");
                failWaiting();
                return;
            }
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    /** The next batch, empty when its items were all cancelled; null once closed and drained. */
    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        Pending<I, O> first = null;
        while (first == null) {
            if (closed && queue.isEmpty()) {
                return null;
            }
            first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        List<Pending<I, O>> batch = new ArrayList<>(maxBatchSize);
        addUnlessCancelled(batch, first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
            long remaining = deadline - System.nanoTime();
            Pending<I, O> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            addUnlessCancelled(batch, next);
        }
        return batch;
    }

    private static <I, O> void addUnlessCancelled(List<Pending<I, O>> batch, Pending<I, O> pending) {
        if (!pending.result().isDone()) {
            batch.add(pending);
        }
    }

    private void run(List<Pending<I, O>> batch) {
        List<I> inputs = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            inputs.add(pending.item());
        }
        batchSizes.accept(batch.size());
        try {
            List<O> outputs = batchFunction.apply(inputs);
            if (outputs == null || outputs.size() != inputs.size()) {
                throw new IllegalStateException("the batch function returned " + (outputs == null ? "no list"
                        : outputs.size() + " outputs") + " for " + inputs.size() + " inputs");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outputs.get(i));
            }
        } catch (RuntimeException | Error e) {
            LOG.debug("a batch of {} items failed", batch.size(), e);
            for (Pending<I, O> pending : batch) {
                pending.result().completeExceptionally(e);
            }
        }
    }

    private void failWaiting() {
        List<Pending<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<I, O> pending : left) {
            pending.result().completeExceptionally(new RejectedExecutionException("the batch queue was stopped"));
        }
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    /**
     * Settings of a {@link DynamicBatcher}; {@link #build()} starts its thread.
     *
     * @param <I> the items
     * @param <O> the outputs
     */
    public static final class Builder<I, O> {
        private final Function<List<I>, List<O>> batchFunction;
        private int maxBatchSize = 8;
        private Duration maxWait = Duration.ofMillis(10);
        private int capacity = 64;
        private IntConsumer batchSizes = size -> { };
        private String threadName = "tvlt-batcher";

        private Builder(Function<List<I>, List<O>> batchFunction) {
            this.batchFunction = batchFunction;
        }

        /**
         * @param value the most items per batch, at least 1 (1 turns batching off: one item per call)
         * @return this builder
         */
        public Builder<I, O> maxBatchSize(int value) {
            if (value < 1) {
                throw new InvalidInputException("maxBatchSize must be at least 1, got " + value);
            }
            this.maxBatchSize = value;
            return this;
        }

        /**
         * @param value how long a batch waits for more items after its first one (zero: take only what is
         *     already queued)
         * @return this builder
         */
        public Builder<I, O> maxWait(Duration value) {
            InvalidInputException.requireNonNull(value, "maxWait");
            if (value.isNegative()) {
                throw new InvalidInputException("maxWait must not be negative, got " + value);
            }
            this.maxWait = value;
            return this;
        }

        /**
         * @param value the most items that may wait for a batch, at least 1
         * @return this builder
         */
        public Builder<I, O> capacity(int value) {
            if (value < 1) {
                throw new InvalidInputException("capacity must be at least 1, got " + value);
            }
            this.capacity = value;
            return this;
        }

        /**
         * @param value told the size of every batch before it runs (e.g. to record a histogram); called on
         *     the batch thread, so keep it short
         * @return this builder
         */
        public Builder<I, O> batchSizes(IntConsumer value) {
            this.batchSizes = InvalidInputException.requireNonNull(value, "batchSizes");
            return this;
        }

        /**
         * @param value the name of the batch thread (default {@code tvlt-batcher})
         * @return this builder
         */
        public Builder<I, O> threadName(String value) {
            this.threadName = InvalidInputException.requireNonNull(value, "threadName");
            return this;
        }

        /** @return the batcher, its thread started; close it when done */
        public DynamicBatcher<I, O> build() {
            return new DynamicBatcher<>(this);
        }
    }
}
