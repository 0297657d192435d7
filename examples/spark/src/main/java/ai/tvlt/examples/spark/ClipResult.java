package ai.tvlt.examples.spark;

import ai.tvlt.models.pipeline.ErrorMessages;

/**
 * One output row: a clip's vector, or why it has none.
 *
 * @param id the clip's id
 * @param vector the embedding, or {@code null} when the clip failed
 * @param error what went wrong, or {@code null} when the clip was embedded
 */
public record ClipResult(String id, float[] vector, String error) {

    /** Checks that exactly one of vector and error is given. */
    public ClipResult {
        if ((vector == null) == (error == null)) {
            throw new IllegalArgumentException("a clip result has either a vector or an error, not "
                    + (vector == null ? "neither" : "both"));
        }
    }

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
     * @return an error row with the one-line message {@code tvlt embed} gives for that exception
     */
    public static ClipResult failed(String id, RuntimeException cause) {
        return failed(id, ErrorMessages.describe(cause));
    }

    /** @return whether the clip was embedded */
    public boolean ok() {
        return error == null;
    }
}
