package ai.tvlt.weights.hub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar ({@code \r}-redrawn) such as
 * {@code pytorch_model.bin  42% [========>           ] 190.1/452.0 MB  35.2 MB/s}, redrawn at most
 * every 200 ms. Files below a size threshold are not shown. Use from one thread.
 */
final class ConsoleProgress implements DownloadProgress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final long minimumSize;

    ConsoleProgress(PrintStream out, long minimumSize) {
        this.out = out;
        this.minimumSize = minimumSize;
    }

    @Override
    public Transfer start(String fileName, long totalBytes, long alreadyDownloaded) {
        if (totalBytes < minimumSize) {
            return DownloadProgress.none().start(fileName, totalBytes, alreadyDownloaded);
        }
        return new Bar(fileName, totalBytes, alreadyDownloaded);
    }

    @Override
    public void waitingForLock(String fileName, Path lockFile) {
        out.println(fileName + ": waiting for another process to finish downloading it (lock " + lockFile + ")");
        out.flush();
    }

    private final class Bar implements Transfer {
        private final String name;
        private final long total;
        private final long initial;
        private final long startNanos = System.nanoTime();
        private long done;
        private long lastDraw;

        Bar(String name, long total, long initial) {
            this.name = name;
            this.total = total;
            this.initial = initial;
            this.done = initial;
            draw();
        }

        @Override
        public void advance(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS) {
                draw();
            }
        }

        @Override
        public void close() {
            draw();
            out.println();
            out.flush();
        }

        private void draw() {
            lastDraw = System.nanoTime();
            double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            double seconds = Math.max(1e-3, (lastDraw - startNanos) / 1e9);
            double rate = (done - initial) / seconds / 1e6;
            out.print(String.format(Locale.ROOT, "\r%s %3d%% [%s%s] %.1f/%.1f MB %.1f MB/s", name,
                    Math.round(fraction * 100), "=".repeat(filled), " ".repeat(BAR_WIDTH - filled),
                    done / 1e6, total / 1e6, rate));
            out.flush();
        }
    }
}
