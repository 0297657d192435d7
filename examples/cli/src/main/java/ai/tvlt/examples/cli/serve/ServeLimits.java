package ai.tvlt.examples.cli.serve;

import java.time.Duration;

/**
 * The limits of {@code tvlt serve}: where it listens, how large a request may be, how requests are batched
 * and how long they may take. Immutable.
 *
 * @param host the address to bind (127.0.0.1 by default: only this machine)
 * @param port the port (0: any free port, printed at start)
 * @param maxUploadBytes the largest request body (413 above it)
 * @param maxBatchSize the most clips per batched forward (1: no batching)
 * @param maxBatchWait how long a batch waits for more clips after its first one
 * @param queueCapacity the most clips waiting for a batch (429 with Retry-After above it)
 * @param requestTimeout the deadline of one request, from its start (503 past it)
 * @param shutdownTimeout how long a shutdown waits for requests in flight
 */
public record ServeLimits(String host, int port, long maxUploadBytes, int maxBatchSize, Duration maxBatchWait,
        int queueCapacity, Duration requestTimeout, Duration shutdownTimeout) {

    /** The default address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default request size limit, 100 MB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L * 1000 * 1000;

    /** Checks the values. */
    public ServeLimits {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535 || maxUploadBytes < 1 || maxBatchSize < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("limits out of range: " + port + ", " + maxUploadBytes + ", "
                    + maxBatchSize + ", " + queueCapacity);
        }
        if (maxBatchWait.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()
                || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("durations out of range");
        }
    }

    /** @return the defaults: 127.0.0.1:8080, 100 MB, batches of 8 within 10 ms, 64 waiting, 60 s, 30 s */
    public static ServeLimits defaults() {
        return new ServeLimits(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_UPLOAD_BYTES, 8, Duration.ofMillis(10), 64,
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }
}
