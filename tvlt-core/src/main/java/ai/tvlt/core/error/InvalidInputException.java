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

    /**
     * The null check of the public API's arguments: an {@code InvalidInputException} naming the argument,
     * where {@code Objects.requireNonNull} would throw a {@code NullPointerException}.
     *
     * @param value an argument
     * @param argument its name, for the message
     * @param <T> its type
     * @return the value, when it is not null
     * @throws InvalidInputException when it is null
     */
    public static <T> T requireNonNull(T value, String argument) {
        if (value == null) {
            throw new InvalidInputException(argument + " must not be null");
        }
        return value;
    }
}
