package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;

/** The outcome of embedding one clip of a batch: a vector, or the reason there is none. */
public sealed interface ClipEmbedding permits ClipEmbedding.Success, ClipEmbedding.Failure {

    /** @return the clip's id */
    String id();

    /**
     * A clip that was embedded.
     *
     * @param id the clip's id
     * @param vector its embedding (owned by the receiver)
     */
    record Success(String id, float[] vector) implements ClipEmbedding {
        /** Checks that no field is null. */
        public Success {
            InvalidInputException.requireNonNull(id, "id");
            InvalidInputException.requireNonNull(vector, "vector");
        }
    }

    /**
     * A clip that could not be embedded.
     *
     * @param id the clip's id
     * @param message one line naming the problem (file, shape, sampling rate, ...)
     * @param cause the exception
     */
    record Failure(String id, String message, RuntimeException cause) implements ClipEmbedding {
        /** Checks that no field is null. */
        public Failure {
            InvalidInputException.requireNonNull(id, "id");
            InvalidInputException.requireNonNull(message, "message");
        }
    }
}
