package ai.tvlt.models.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A {@link BatchListener} that reports progress as plain lines, for logs and redirected stderr: at most one
 * line per interval and one at the end, such as {@code embed: 40/200 clips (20%), 2 failed, 3.1 clips/s,
 * ETA 52 s}, finally {@code embed: 200/200 clips (100%), 2 failed, 3.1 clips/s in 64.5 s}. The clock starts
 * when the listener is made: make it when the batch starts. The rate is over the whole batch so far, so
 * the ETA is {@code (total - done) / rate}.
 *
 * <p>Thread-safe: calls are serialised.
 *
 * @param <R> the result type
 */
public final class BatchProgressLines<R> implements BatchListener<R> {

    private final String label;
    private final Consumer<String> out;
    private final Predicate<? super R> isFailure;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private long lastLine;
    private int failed;

    /**
     * @param label the start of each line, e.g. {@code embed}
     * @param out receives each line (e.g. {@code System.err::println}, or a logger)
     * @param interval the least time between two lines before the end
     * @param isFailure tells failed results, counted in the lines (e.g. {@code ClipEmbedding.Failure.class::isInstance})
     */
    public BatchProgressLines(String label, Consumer<String> out, Duration interval, Predicate<? super R> isFailure) {
        this(label, out, interval, isFailure, System::nanoTime);
    }

    BatchProgressLines(String label, Consumer<String> out, Duration interval, Predicate<? super R> isFailure,
                       LongSupplier clock) {
        this.label = label;
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.isFailure = isFailure;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastLine = start;
    }

    @Override
    public synchronized void clipDone(R result, int done, int total) {
        if (isFailure.test(result)) {
            failed++;
        }
        long now = clock.getAsLong();
        if (done >= total || now - lastLine >= intervalNanos) {
            lastLine = now;
            out.accept(label + ": " + status(done, total, failed, (now - start) / 1e9));
        }
    }

    /**
     * @param done clips finished
     * @param total clips in the batch
     * @param failed clips that failed
     * @param seconds time since the batch started
     * @return {@code done/total clips (p%)[, n failed], r clips/s} then {@code , ETA t} before the end or
     *     {@code in s s} at the end
     */
    public static String status(int done, int total, int failed, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        long percent = total == 0 ? 100 : Math.round(100.0 * done / total);
        String head = String.format(Locale.ROOT, "%d/%d clips (%d%%)%s, %.1f clips/s", done, total, percent,
                failed > 0 ? ", " + failed + " failed" : "", rate);
        if (done >= total) {
            return head + String.format(Locale.ROOT, " in %.1f s", seconds);
        }
        return head + (rate > 0 ? ", ETA " + duration((total - done) / rate) : "");
    }

    /** 42 s, 3 min 05 s, 1 h 02 min. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
