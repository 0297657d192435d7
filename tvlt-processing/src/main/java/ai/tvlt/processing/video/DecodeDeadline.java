package ai.tvlt.processing.video;

import java.time.Duration;

/**
 * The time by which one decode must end, checked by the decoding loop itself (before every packet and every
 * macroblock), so that a decode that runs out of time stops in its own thread and leaves nothing running.
 * Not thread-safe: one per decode.
 */
final class DecodeDeadline {

    /** Thrown from the decoding loop when the deadline has passed. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super(null, null, false, false);
        }
    }

    private final long endNanos;

    private DecodeDeadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /**
     * @param timeout time allowed from now
     * @return the deadline
     */
    static DecodeDeadline after(Duration timeout) {
        long nanos = timeout.toNanos();
        return new DecodeDeadline(System.nanoTime() + nanos);
    }

    /** @throws Exceeded when the deadline has passed */
    void check() {
        if (System.nanoTime() - endNanos > 0) {
            throw new Exceeded();
        }
    }
}
