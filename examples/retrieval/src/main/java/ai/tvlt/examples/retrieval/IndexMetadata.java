package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.Pooling;
import java.util.Map;
import java.util.Objects;

/**
 * What an index was built with, kept in the Lucene commit's user data so that {@code query} embeds the
 * query clip the same way and refuses a model of another width.
 *
 * @param model the checkpoint the vectors came from (as given to {@code index --model})
 * @param pooling how the hidden states became a vector
 * @param similarity how the first stage compares vectors
 * @param dimension the vector size (the model's hidden size)
 */
public record IndexMetadata(String model, Pooling pooling, ClipSimilarity similarity, int dimension) {

    private static final String MODEL = "tvlt.model";
    private static final String POOLING = "tvlt.pooling";
    private static final String SIMILARITY = "tvlt.similarity";
    private static final String DIMENSION = "tvlt.dimension";

    /** Checks the fields. */
    public IndexMetadata {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(similarity, "similarity");
        if (dimension < 1) {
            throw new InvalidInputException("the vector dimension must be positive, got " + dimension);
        }
    }

    /** @return the commit user data */
    Map<String, String> toUserData() {
        return Map.of(MODEL, model, POOLING, pooling.cliName(), SIMILARITY, similarity.cliName(),
                DIMENSION, Integer.toString(dimension));
    }

    /**
     * @param userData a commit's user data
     * @param index the index folder, for the message
     * @return the metadata
     * @throws CorruptFileException when a key is missing or invalid (not an index written by {@code index})
     */
    static IndexMetadata fromUserData(Map<String, String> userData, Object index) {
        try {
            return new IndexMetadata(required(userData, MODEL, index), Pooling.parse(required(userData, POOLING, index)),
                    ClipSimilarity.parse(required(userData, SIMILARITY, index)),
                    Integer.parseInt(required(userData, DIMENSION, index)));
        } catch (InvalidInputException | NumberFormatException e) {
            throw new CorruptFileException("index " + index + " has invalid TVLT metadata: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> userData, String key, Object index) {
        String value = userData.get(key);
        if (value == null) {
            throw new CorruptFileException("index " + index + " has no '" + key + "' in its commit data: it was not"
                    + " written by 'tvlt-retrieval index'");
        }
        return value;
    }
}
