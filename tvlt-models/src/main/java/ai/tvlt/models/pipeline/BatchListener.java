package ai.tvlt.models.pipeline;

/**
 * Hears about each clip of a batch as soon as its result is known, in input order: to stream results to
 * an output, or to show progress (clips done out of total, clips per second: {@link BatchProgressLines}). Called on the thread that
 * runs the batch; an implementation that is used by several batches at once must be thread-safe.
 *
 * @param <R> the result type, e.g. {@link ClipEmbedding}
 */
@FunctionalInterface
public interface BatchListener<R> {

    /**
     * @param result the clip's result
     * @param done clips finished so far, this one included
     * @param total clips in the batch
     */
    void clipDone(R result, int done, int total);

    /**
     * @param next another listener
     * @return a listener telling this one, then {@code next}
     */
    default BatchListener<R> andThen(BatchListener<? super R> next) {
        return (result, done, total) -> {
            clipDone(result, done, total);
            next.clipDone(result, done, total);
        };
    }

    /**
     * @param <R> the result type
     * @return a listener that does nothing
     */
    static <R> BatchListener<R> none() {
        return (result, done, total) -> { };
    }
}
