package ai.tvlt.weights.hub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Download progress for logs and redirected stderr, where a {@code \r}-redrawn bar would be one endless
 * line: like tqdm writing to a file, a plain line at most every interval and one at the end, e.g.
 * {@code pytorch_model.bin: 190.1/452.0 MB (42%) 35.2 MB/s}, then
 * {@code pytorch_model.bin: 452.0/452.0 MB (100%) 35.2 MB/s in 12.8 s}. Files below a size threshold are
 * not shown. Use from one thread per transfer.
 */
final class ProgressLines implements DownloadProgress {

    private final PrintStream out;
    private final long minimumSize;
    private final long intervalNanos;
    private final LongSupplier clock;

    /**
     * @param out where to print
     * @param minimumSize smaller files are not reported
     * @param interval the least time between two lines of one file
     * @param clock nanoseconds ({@link System#nanoTime()}, or a test's)
     */
    ProgressLines(PrintStream out, long minimumSize, Duration interval, LongSupplier clock) {
        this.out = out;
        this.minimumSize = minimumSize;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    @Override
    public Transfer start(String fileName, long totalBytes, long alreadyDownloaded) {
        if (totalBytes < minimumSize) {
            return DownloadProgress.none().start(fileName, totalBytes, alreadyDownloaded);
        }
        return new Lines(fileName, totalBytes, alreadyDownloaded);
    }

    @Override
    public void waitingForLock(String fileName, Path lockFile) {
        out.println(fileName + ": waiting for another process to finish downloading it (lock " + lockFile + ")");
        out.flush();
    }

    private final class Lines implements Transfer {
        private final String name;
        private final long total;
        private final long initial;
        private final long startNanos = clock.getAsLong();
        private long done;
        private long lastLine;

        Lines(String name, long total, long initial) {
            this.name = name;
            this.total = total;
            this.initial = initial;
            this.done = initial;
            this.lastLine = startNanos;
        }

        @Override
        public void advance(long bytes) {
            done += bytes;
            long now = clock.getAsLong();
            if (now - lastLine >= intervalNanos && done < total) {
                lastLine = now;
                print(now, "");
            }
        }

        @Override
        public void close() {
            long now = clock.getAsLong();
            print(now, String.format(Locale.ROOT, " in %.1f s%s", (now - startNanos) / 1e9,
                    done < total ? ", incomplete" : ""));
        }

        private void print(long now, String suffix) {
            double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
            long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
            out.println(String.format(Locale.ROOT, "%s: %.1f/%.1f MB (%d%%) %.1f MB/s%s", name, done / 1e6,
                    total / 1e6, percent, (done - initial) / seconds / 1e6, suffix));
            out.flush();
        }
    }
}
