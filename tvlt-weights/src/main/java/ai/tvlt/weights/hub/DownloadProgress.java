package ai.tvlt.weights.hub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Receives the progress of file downloads. Implementations must tolerate calls from the downloading
 * thread only (one transfer at a time per thread).
 */
public interface DownloadProgress {

    /**
     * Called when the body of a file starts arriving.
     *
     * @param fileName the file's name in the repository
     * @param totalBytes the file size
     * @param alreadyDownloaded bytes kept from an interrupted earlier transfer
     * @return the transfer, told about every chunk and closed at the end (also on failure)
     */
    Transfer start(String fileName, long totalBytes, long alreadyDownloaded);

    /**
     * Called once when another process (or thread) holds the cache lock of a file this one is about to
     * download: the download waits until it is released. Does nothing by default.
     *
     * @param fileName the file's name in the repository
     * @param lockFile the lock file held
     */
    default void waitingForLock(String fileName, Path lockFile) {
    }

    /** One file being downloaded. */
    interface Transfer extends AutoCloseable {

        /** @param bytes bytes received since the last call */
        void advance(long bytes);

        /** Ends the transfer (complete or not). */
        @Override
        void close();
    }

    /** @return a listener that reports nothing */
    static DownloadProgress none() {
        return (file, total, already) -> new Transfer() {
            @Override
            public void advance(long bytes) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param out where to draw the bar (normally {@link System#err})
     * @return a one-line console progress bar for files of at least 1 MB
     */
    static DownloadProgress console(PrintStream out) {
        return new ConsoleProgress(out, 1L << 20);
    }

    /**
     * @param out where to print (normally {@link System#err} or a log)
     * @param interval the least time between two lines about one file
     * @return plain progress lines for files of at least 1 MB: one per interval and one at the end (tqdm's
     *     behaviour when its output is not a terminal)
     */
    static DownloadProgress lines(PrintStream out, Duration interval) {
        return new ProgressLines(out, 1L << 20, interval, System::nanoTime);
    }

    /**
     * @return a console bar on stderr when stderr is a terminal (an interactive run), else a progress line
     *     on stderr every 5 seconds, so redirected output and service logs show long downloads too;
     *     nothing when {@code HF_HUB_DISABLE_PROGRESS_BARS} is 1/true/yes/on (as in huggingface_hub)
     */
    static DownloadProgress automatic() {
        if (HubEnvironment.isTrue(System.getenv("HF_HUB_DISABLE_PROGRESS_BARS"))) {
            return none();
        }
        return StandardError.isTerminal() ? console(System.err) : lines(System.err, Duration.ofSeconds(5));
    }
}
