package ai.tvlt.examples.retrieval;

import java.util.Objects;

/**
 * A hit of the first stage (the Lucene HNSW search).
 *
 * @param clip the indexed clip
 * @param similarity Lucene's score for the index's similarity: {@code 1 / (1 + d^2)} for
 *     {@link ClipSimilarity#EUCLIDEAN} (d = L2 distance), {@code (1 + cos) / 2} for {@link ClipSimilarity#COSINE};
 *     higher is closer
 */
public record Candidate(IndexedClip clip, float similarity) {

    /** Checks that no field is null. */
    public Candidate {
        Objects.requireNonNull(clip, "clip");
    }
}
