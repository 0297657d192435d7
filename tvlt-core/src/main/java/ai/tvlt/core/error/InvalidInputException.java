package ai.tvlt.core.error;

/** An argument passed to a public API is unusable: wrong shape, rank, dtype, value range, sampling rate, null or empty. */
public class InvalidInputException extends TvltException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
