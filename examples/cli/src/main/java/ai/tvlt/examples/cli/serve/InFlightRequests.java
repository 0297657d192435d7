package ai.tvlt.examples.cli.serve;

import java.time.Duration;

/**
 * Counts the requests being answered, so that a shutdown can refuse new ones (503) and wait for the
 * others to finish. Thread-safe.
 */
final class InFlightRequests {

    private int count;
    private boolean draining;

    /** Counts a request in, or refuses it when the server is shutting down. */
    synchronized void enter() {
        if (draining) {
            throw ApiError.retryLater(503, "the server is shutting down", 1);
        }
        count++;
    }

    /** Counts a request out. */
    synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    /** @return the requests being answered */
    synchronized int count() {
        return count;
    }

    /**
     * Refuses new requests from now on and waits for those in flight.
     *
     * @param timeout how long to wait at most
     * @return whether every request finished in time
     */
    synchronized boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
