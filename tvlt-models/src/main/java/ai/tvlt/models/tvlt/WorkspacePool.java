package ai.tvlt.models.tvlt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Native scratch buffers reused across forwards: a forward borrows a workspace for its shape (made when
 * no idle one fits) and gives it back when done; at most {@code maxIdle} idle ones are kept, the least
 * recently used is freed first. A workspace is used by one forward at a time. Thread-safe; after
 * {@link #close()} idle workspaces are freed and returned ones are freed at once.
 *
 * @param <K> the shape a workspace serves (a value with {@code equals})
 * @param <W> the workspace
 */
final class WorkspacePool<K, W> implements AutoCloseable {

    private record Idle<K, W>(K key, W workspace) {
    }

    private final int maxIdle;
    private final Function<K, W> create;
    private final Consumer<W> free;
    private final Deque<Idle<K, W>> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param maxIdle how many idle workspaces to keep
     * @param create makes a workspace for a shape
     * @param free frees a workspace's native memory
     */
    WorkspacePool(int maxIdle, Function<K, W> create, Consumer<W> free) {
        this.maxIdle = maxIdle;
        this.create = create;
        this.free = free;
    }

    /**
     * Borrows a workspace; close the lease (try-with-resources) to give it back.
     *
     * @param key the shape needed
     * @return a lease on a workspace used by nobody else
     */
    Lease borrow(K key) {
        synchronized (this) {
            for (Iterator<Idle<K, W>> it = idle.iterator(); it.hasNext();) {
                Idle<K, W> candidate = it.next();
                if (candidate.key().equals(key)) {
                    it.remove();
                    return new Lease(candidate);
                }
            }
        }
        return new Lease(new Idle<>(key, create.apply(key)));
    }

    private synchronized void giveBack(Idle<K, W> entry) {
        if (closed) {
            free.accept(entry.workspace());
            return;
        }
        idle.addFirst(entry);
        while (idle.size() > maxIdle) {
            free.accept(idle.removeLast().workspace());
        }
    }

    /** Frees the idle workspaces; workspaces still lent out are freed when given back. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(entry -> free.accept(entry.workspace()));
        idle.clear();
    }

    /** One borrowed workspace; {@link #close()} gives it back to the pool. */
    final class Lease implements AutoCloseable {

        private final Idle<K, W> entry;

        private Lease(Idle<K, W> entry) {
            this.entry = entry;
        }

        /** @return the borrowed workspace */
        W workspace() {
            return entry.workspace();
        }

        @Override
        public void close() {
            giveBack(entry);
        }
    }
}
