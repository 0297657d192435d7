package ai.tvlt.core.error;

/** A configuration file or value is invalid; the message names the key. */
public class ConfigException extends TvltException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
