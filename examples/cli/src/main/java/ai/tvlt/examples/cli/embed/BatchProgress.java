package ai.tvlt.examples.cli.embed;

import ai.tvlt.examples.cli.ErrorReporter;
import ai.tvlt.models.pipeline.ClipEmbedding;
import java.io.PrintWriter;

/**
 * Reports a batch on stderr: one error line per failed clip ({@code tvlt: error: clip '<id>': <problem>}),
 * and progress: on a terminal a bar redrawn in place, otherwise a counter line
 * ({@code tvlt: embed: 20/200 clips, 1 failed}) about every tenth of the batch and at the end. Not
 * thread-safe.
 */
public final class BatchProgress {

    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final boolean showProgress;
    private final int step;
    private int done;
    private int failed;

    /**
     * @param err stderr
     * @param total the number of clips
     * @param terminal whether stderr is an interactive terminal (bar) or not (counter lines)
     * @param showProgress false to print error lines only
     */
    public BatchProgress(PrintWriter err, int total, boolean terminal, boolean showProgress) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
        this.showProgress = showProgress;
        this.step = Math.max(1, total / 10);
    }

    /**
     * Reports a clip that failed before it could be embedded (a clip folder that does not fit).
     *
     * @param id the clip
     * @param message the problem
     */
    public void failed(String id, String message) {
        clearBar();
        err.println(ErrorReporter.PREFIX + "clip '" + id + "': " + message);
        done++;
        failed++;
        progress();
    }

    /**
     * @param result the outcome of one clip
     */
    public void accept(ClipEmbedding result) {
        if (result instanceof ClipEmbedding.Failure failure) {
            failed(failure.id(), failure.message());
            return;
        }
        done++;
        progress();
    }

    /** @return the number of failed clips so far */
    public int failedCount() {
        return failed;
    }

    /** @return the number of clips reported so far */
    public int doneCount() {
        return done;
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal && showProgress && done > 0) {
            err.println();
            err.flush();
        }
    }

    private void progress() {
        if (!showProgress) {
            err.flush();
            return;
        }
        String counts = done + "/" + total + " clips" + (failed > 0 ? ", " + failed + " failed" : "");
        if (terminal) {
            int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + counts);
        } else if (done % step == 0 || done == total) {
            err.println("tvlt: embed: " + counts);
        }
        err.flush();
    }

    private void clearBar() {
        if (terminal && showProgress && done > 0) {
            err.print("\r\033[K");
        }
    }
}
