package ai.tvlt.weights.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} whose blocking reads honour {@link Thread#interrupt()}:
 * an interrupted read cancels the transfer, keeps the thread's interrupt flag and throws
 * {@link InterruptedIOException}. The JDK's own {@code BodyHandlers.ofInputStream()} (Java 17) swallows the
 * interrupt and keeps waiting, so a download could not be cancelled and the caller lost the interrupt.
 * A read that waits longer than the read timeout for the next bytes fails with a
 * {@link HttpTimeoutException}: the clock restarts with every batch received, so a slow body that keeps
 * flowing never times out, and a stalled one fails (and is resumed by the caller's retry).
 *
 * <p>The HTTP client's threads hand the body's buffers over through a queue, one batch requested at a time.
 * Read by one thread; {@link #close()} may be called from any thread.
 */
final class InterruptibleBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    /**
     * @param readTimeout how long a read may wait for the next bytes before the transfer counts as stalled
     * @return a body handler giving this stream as soon as the headers have arrived
     */
    static HttpResponse.BodyHandler<InputStream> handler(Duration readTimeout) {
        return info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofPublisher(),
                publisher -> new InterruptibleBody(publisher, readTimeout));
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer current;
    private boolean ended;

    private final Duration readTimeout;

    private InterruptibleBody(Flow.Publisher<List<ByteBuffer>> publisher, Duration readTimeout) {
        this.readTimeout = readTimeout;
        publisher.subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        queue.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        queue.add(failure);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (batch != null && batch.hasNext()) {
                current = batch.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            if (closed) {
                throw new IOException("the response body is closed");
            }
            nextBatch();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @SuppressWarnings("unchecked")
    private void nextBatch() throws IOException {
        Object next;
        try {
            next = queue.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the response body");
        }
        if (next == null) {
            close();
            throw new HttpTimeoutException("no bytes arrived for " + readTimeout.toMillis() / 1000.0
                    + " s; the transfer stalled");
        }
        if (next == END) {
            ended = true;
        } else if (next instanceof Throwable failure) {
            throw failure instanceof IOException io ? io : new IOException(failure);
        } else {
            batch = ((List<ByteBuffer>) next).iterator();
            subscription.request(1);
        }
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.add(END); // wakes a reader blocked on another thread
    }
}
