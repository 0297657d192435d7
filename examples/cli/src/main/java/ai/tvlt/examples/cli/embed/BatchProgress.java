package ai.tvlt.examples.cli.embed;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.ErrorReporter;
import ai.tvlt.models.pipeline.BatchProgressLines;
import ai.tvlt.models.pipeline.ClipEmbedding;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Reports the clips of a batch command on stderr: one error line per failed clip
 * ({@code tvlt: error: clip '<id>': <problem>}), and progress with clips per second and the time left: on a
 * terminal a bar redrawn in place ({@code [#####     ] 40/200 clips (20%), 3.1 clips/s, ETA 52 s}), otherwise the
 * pipeline's {@link BatchProgressLines}, a line every 5 seconds and one at the end
 * ({@code tvlt: embed: 200/200 clips (100%), 2 failed, 3.1 clips/s in 64.5 s}, named after the command). The
 * clock starts when this is made: make it when the clips start. Not thread-safe.
 */
public final class BatchProgress {

    private static final int BAR_WIDTH = 30;
    private static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final boolean showProgress;
    private final BatchProgressLines<Boolean> lines;
    private final long start = System.nanoTime();
    private int done;
    private int failed;

    /**
     * @param command the command's name in the progress lines ({@code embed}, {@code match}, ...)
     * @param err stderr
     * @param total the number of clips
     * @param terminal whether stderr is an interactive terminal (bar) or not (lines)
     * @param showProgress false to print error lines only
     */
    public BatchProgress(String command, PrintWriter err, int total, boolean terminal, boolean showProgress) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
        this.showProgress = showProgress;
        this.lines = new BatchProgressLines<>("tvlt: " + command, err::println, LINE_INTERVAL, Boolean::booleanValue);
    }

    /**
     * Reports a clip that failed: a clip folder that does not fit, or a clip whose media or model run failed.
     *
     * @param id the clip
     * @param message the problem
     */
    public void failed(String id, String message) {
        clearBar();
        err.println(ErrorReporter.PREFIX + "clip '" + id + "': " + message);
        failed++;
        progress(true);
    }

    /**
     * @param result the outcome of one clip
     */
    public void accept(ClipEmbedding result) {
        if (result instanceof ClipEmbedding.Failure failure) {
            failed(failure.id(), failure.message());
            return;
        }
        succeeded();
    }

    /** Reports a clip that went through. */
    public void succeeded() {
        progress(false);
    }

    /** @return the number of failed clips so far */
    public int failedCount() {
        return failed;
    }

    /** @return the number of clips reported so far */
    public int doneCount() {
        return done;
    }

    /**
     * @param done what the command did to the clips that went through ("embedded", "scored", ...)
     * @throws InvalidInputException when some clips failed, counting them
     */
    public void requireNoFailures(String done) {
        if (failed > 0) {
            throw new InvalidInputException(failed + " of " + this.done + " clips failed (see the errors above); the"
                    + " others were " + done);
        }
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal && showProgress && done > 0) {
            err.println();
            err.flush();
        }
    }

    private void progress(boolean clipFailed) {
        done++;
        if (showProgress && terminal) {
            int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
                    + BatchProgressLines.status(done, total, failed, (System.nanoTime() - start) / 1e9));
        } else if (showProgress) {
            lines.clipDone(clipFailed, done, total);
        }
        err.flush();
    }

    private void clearBar() {
        if (terminal && showProgress && done > 0) {
            err.print("\r\033[K");
        }
    }
}
