package ai.tvlt.examples.spark;

import java.io.Serializable;

/**
 * The recipe for a {@link BatchEmbedder}, shipped to the executors with each task (a few bytes: a model
 * path and settings, never the weights). Each executor JVM builds its embedder from it once
 * ({@link ExecutorModels}).
 *
 * <p>Implementations are immutable.
 */
public interface EmbedderFactory extends Serializable {

    /**
     * @return what identifies the embedder this factory builds (e.g. the model path and the pooling):
     *     factories with equal keys share one embedder in an executor JVM
     */
    String key();

    /**
     * Builds the embedder (loads the model). Called at most once per key and JVM while it succeeds.
     *
     * @return the embedder
     */
    BatchEmbedder create();
}
