package ai.tvlt.examples.cli.serve;

/**
 * A request that ends with an error status and a JSON body {@code {"error": message}}. Thrown by route
 * handlers; the server turns it into the response. The message is for the client: it names the part,
 * parameter or limit at fault and never carries a Java class name.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Integer retryAfterSeconds;

    /**
     * @param status the HTTP status (4xx or 5xx)
     * @param message what is wrong, for the client
     */
    public ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @param message what is wrong with the request
     * @return a 400 Bad Request
     */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /**
     * @param status 429 or 503
     * @param message why the request cannot be served now
     * @param seconds the {@code Retry-After} header
     * @return the error
     */
    public static ApiError retryLater(int status, String message, int seconds) {
        return new ApiError(status, message, seconds);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the {@code Retry-After} seconds, or null for none */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
