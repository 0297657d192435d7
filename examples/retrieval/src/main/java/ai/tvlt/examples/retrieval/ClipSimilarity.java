package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Locale;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How the first stage compares clip vectors. TVLT's vectors were not trained for either (see the package
 * documentation); both are offered because a user's corpus decides which generates better candidates.
 */
public enum ClipSimilarity {

    /** L2 distance on the raw vectors (Lucene score {@code 1 / (1 + d^2)}). The default. */
    EUCLIDEAN(VectorSimilarityFunction.EUCLIDEAN),

    /** Cosine of the angle, ignoring the vectors' norms (Lucene score {@code (1 + cos) / 2}). */
    COSINE(VectorSimilarityFunction.COSINE);

    private final VectorSimilarityFunction lucene;

    ClipSimilarity(VectorSimilarityFunction lucene) {
        this.lucene = lucene;
    }

    /** @return Lucene's function */
    public VectorSimilarityFunction lucene() {
        return lucene;
    }

    /** @return the lower-case name used on the command line and in the index metadata */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code euclidean} or {@code cosine}, case-insensitive
     * @return the similarity
     * @throws InvalidInputException for another value
     */
    public static ClipSimilarity parse(String text) {
        for (ClipSimilarity s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new InvalidInputException("unknown similarity '" + text + "'; expected euclidean or cosine");
    }
}
