/**
 * The clip index of {@code tvlt index} and {@code tvlt serve --index}: a persisted Lucene HNSW index of clip
 * vectors with their ids, a thumbnail per clip and the model the vectors came from ({@link
 * ai.tvlt.examples.cli.index.ClipIndex}, written by {@link ai.tvlt.examples.cli.index.ClipIndexWriter}).
 *
 * <p>TVLT's vectors were not trained as a contrastive retrieval embedding: nearest neighbours by cosine are a
 * cheap first stage; the matching head ({@link ai.tvlt.models.pipeline.MatchScorer}) can rerank them.
 */
package ai.tvlt.examples.cli.index;
