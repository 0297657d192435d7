package ai.tvlt.models.tvlt;

import java.util.ArrayList;
import java.util.List;

/**
 * The native modules bound so far by one load: when the load fails (a missing weight, a bad shape, an
 * out-of-memory error), {@link #close()} frees them, newest first, so a failed load leaks no native
 * memory. Use it with try-with-resources and hand the finished model to {@link #complete}:
 *
 * <pre>{@code
 * try (PartialLoad load = new PartialLoad()) {
 *     Linear dense = load.track(new Linear(...));
 *     ...
 *     return load.complete(new Head(dense, ...));
 * }
 * }</pre>
 *
 * A failure while freeing is attached to the load's own failure as a suppressed exception.
 */
final class PartialLoad implements AutoCloseable {

    private final List<AutoCloseable> bound = new ArrayList<>();
    private boolean complete;

    /**
     * @param module a freshly bound module that holds native memory
     * @param <T> its type
     * @return the module
     */
    <T extends AutoCloseable> T track(T module) {
        bound.add(module);
        return module;
    }

    /**
     * Marks the load successful: the tracked modules now belong to the model.
     *
     * @param model the finished model
     * @param <T> its type
     * @return the model
     */
    <T> T complete(T model) {
        complete = true;
        return model;
    }

    /** Frees every tracked module, newest first, unless the load completed. */
    @Override
    public void close() {
        if (complete) {
            return;
        }
        RuntimeException failure = null;
        for (int i = bound.size() - 1; i >= 0; i--) {
            try {
                bound.get(i).close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re
                        : new IllegalStateException("freeing a partly loaded module failed", e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
