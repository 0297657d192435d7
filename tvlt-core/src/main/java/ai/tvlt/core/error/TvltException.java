package ai.tvlt.core.error;

/**
 * Base class of every exception the TVLT library throws on purpose. Catching it catches all of the
 * library's documented failures (bad input, bad configuration, corrupt or hostile files, weight
 * loading problems); anything else escaping the library is a bug.
 */
public class TvltException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the argument, file or key involved */
    public TvltException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the argument, file or key involved
     * @param cause the underlying failure
     */
    public TvltException(String message, Throwable cause) {
        super(message, cause);
    }
}
