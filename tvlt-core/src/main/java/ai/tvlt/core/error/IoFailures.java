package ai.tvlt.core.error;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong in an I/O failure, in words for a message that already names the file: the JDK's
 * {@link IOException}s carry the problem in their type (a {@link NoSuchFileException}'s message is only the
 * path) or in {@link FileSystemException#getReason()}, and their {@code toString()} starts with a Java class
 * name, which must not reach a user. Stateless.
 */
public final class IoFailures {

    private IoFailures() {
    }

    /**
     * @param failure an I/O failure
     * @return the problem without the file's name, e.g. "no such file or folder", "permission denied",
     *     "Is a directory" (the operating system's words), never null and never a class name
     */
    public static String reason(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file or folder";
        } else if (failure instanceof AccessDeniedException) {
            return "permission denied";
        } else if (failure instanceof NotDirectoryException) {
            return "not a folder";
        } else if (failure instanceof FileAlreadyExistsException) {
            return "already exists";
        } else if (failure instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        } else if (failure instanceof ClosedByInterruptException) {
            return "interrupted";
        } else if (failure instanceof ClosedChannelException) {
            return "the file was closed";
        } else if (failure instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        } else if (failure instanceof EOFException && failure.getMessage() == null) {
            return "unexpected end of file";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "input/output failure" : message.strip();
    }
}
