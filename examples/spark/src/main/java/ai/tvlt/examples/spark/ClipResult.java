package ai.tvlt.examples.spark;

/**
 * One output row: a clip's vector, or why it has none.
 *
 * @param id the clip's id
 * @param vector the embedding, or {@code null} when the clip failed
 * @param error what went wrong, or {@code null} when the clip was embedded
 */
public record ClipResult(String id, float[] vector, String error) {

    /**
     * @param id the clip's id
     * @param vector its embedding
     * @return a success row
     */
    public static ClipResult embedded(String id, float[] vector) {
        return new ClipResult(id, vector, null);
    }

    /**
     * @param id the clip's id
     * @param error what went wrong
     * @return an error row
     */
    public static ClipResult failed(String id, String error) {
        return new ClipResult(id, null, error);
    }

    /**
     * @param id the clip's id
     * @param cause the exception its embedding threw
     * @return an error row naming the exception type and message
     */
    public static ClipResult failed(String id, RuntimeException cause) {
        String message = cause.getMessage();
        return failed(id, cause.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    /** @return whether the clip was embedded */
    public boolean ok() {
        return error == null;
    }
}
