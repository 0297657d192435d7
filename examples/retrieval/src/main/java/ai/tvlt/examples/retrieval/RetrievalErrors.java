package ai.tvlt.examples.retrieval;

import ai.tvlt.models.pipeline.ErrorMessages;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The example's error handling, as the {@code tvlt} tool's: one line {@code tvlt: error: <message>} on
 * stderr ({@link ErrorMessages#describe} for failures while running, picocli's message for a command line
 * it rejects) and exit status 1 (failure) or 2 (usage). Stateless, thread-safe.
 */
final class RetrievalErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** The start of every error line. */
    static final String PREFIX = "tvlt: error: ";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        return report(ex.getCommandLine().getErr(), ErrorMessages.oneLine(ex.getMessage()), 2);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        return report(commandLine.getErr(), ErrorMessages.describe(ex), 1);
    }

    private static int report(PrintWriter err, String message, int status) {
        err.println(PREFIX + message);
        err.flush();
        return status;
    }
}
