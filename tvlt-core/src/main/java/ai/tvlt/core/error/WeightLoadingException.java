package ai.tvlt.core.error;

/** A checkpoint does not fit the model: missing, unexpected or mis-shaped weights, all listed in one message. */
public class WeightLoadingException extends TvltException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public WeightLoadingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public WeightLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
