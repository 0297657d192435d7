package ai.tvlt.core.error;

/** A file is malformed, truncated, hostile or of an unsupported format; the message names the file and the offending part. */
public class CorruptFileException extends TvltException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public CorruptFileException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
