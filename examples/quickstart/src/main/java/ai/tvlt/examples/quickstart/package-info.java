/**
 * Small runnable programs on the public API, the documentation of the README's quick start:
 * {@link ai.tvlt.examples.quickstart.EmbeddingExample} (one clip to one vector with {@code TvltProcessor} +
 * {@code TvltModel}) and {@link ai.tvlt.examples.quickstart.ClassificationExample} (top-3 labels with
 * {@code TvltForAudioVisualClassification}). The tests run their {@code main} on the golden tiny
 * checkpoints and generated sample media.
 */
package ai.tvlt.examples.quickstart;
