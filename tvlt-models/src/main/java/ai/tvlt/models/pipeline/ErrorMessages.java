package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.IoFailures;
import ai.tvlt.core.error.TvltException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One-line descriptions of failures, as the pipeline reports per-clip errors of a batch and as the
 * command-line tools print them: the library's own message for its exceptions, a plain description for
 * file-system failures, "unexpected internal error" and the message otherwise (an unexpected exception is
 * a bug: its stack trace, which a command line tool shows with {@code --verbose}, is what helps a report).
 * Never a Java class name. Stateless.
 */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /**
     * @param failure what a call threw
     * @return one line naming the problem (never null)
     */
    public static String describe(Throwable failure) {
        if (failure instanceof UncheckedIOException unchecked) {
            IOException cause = unchecked.getCause();
            String outer = unchecked.getMessage();
            boolean plainWrapper = outer == null || outer.equals(String.valueOf(cause));
            return plainWrapper || isFileSystemProblem(cause) ? describe(cause) : oneLine(outer);
        }
        String message = failure.getMessage();
        if (failure instanceof FileSystemException e && isFileSystemProblem(e)) {
            return IoFailures.reason(e) + ": " + e.getFile();
        } else if (failure instanceof TvltException) {
            return message == null ? "invalid input" : oneLine(message);
        } else if (failure instanceof IOException) {
            return message == null ? "input/output failure" : oneLine(message);
        }
        return "unexpected internal error" + (message == null ? "" : ": " + oneLine(message));
    }

    /**
     * @param message a message that may span lines
     * @return it on one line (line breaks and the spaces around them become one space), "" for null
     */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean isFileSystemProblem(IOException e) {
        return e instanceof NoSuchFileException || e instanceof AccessDeniedException
                || e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException;
    }
}
