package ai.tvlt.core.error;

/** A resource (model, file) was used after close(). */
public class ClosedException extends TvltException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public ClosedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
