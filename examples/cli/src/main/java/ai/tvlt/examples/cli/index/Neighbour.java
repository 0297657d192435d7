package ai.tvlt.examples.cli.index;

/**
 * One clip found by {@link ClipIndex#nearest}.
 *
 * @param id the clip's id
 * @param cosine the cosine similarity of its vector to the query vector, in [-1, 1]
 */
public record Neighbour(String id, float cosine) {
}
