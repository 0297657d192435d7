package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.ClosedException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Open/closed state of a model that holds native memory: any number of calls run at once under the read
 * lock, {@link #close} takes the write lock, so it waits for running calls and every later call throws
 * {@link ClosedException}. Thread-safe.
 */
final class Lifecycle {

    private final String owner;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** @param owner the class name used in the {@link ClosedException} message */
    Lifecycle(String owner) {
        this.owner = owner;
    }

    /**
     * Runs a call while the owner is open.
     *
     * @param call the work
     * @param <T> its result type
     * @return its result
     * @throws ClosedException after {@link #close}
     */
    <T> T use(Supplier<T> call) {
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        try {
            if (closed) {
                throw new ClosedException(owner + " is closed");
            }
            return call.get();
        } finally {
            read.unlock();
        }
    }

    /**
     * Marks the owner closed and frees its resources once, after every running call has finished.
     *
     * @param release frees the native memory; runs at most once
     */
    void close(Runnable release) {
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            write.unlock();
        }
    }
}
