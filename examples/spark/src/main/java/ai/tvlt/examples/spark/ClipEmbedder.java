package ai.tvlt.examples.spark;

import java.util.List;

/**
 * Turns a batch of clips into one embedding vector per clip. The Spark job holds one instance per
 * executor JVM ({@link ExecutorModels}) and calls it from every task running in that JVM.
 *
 * <p>Implementations must be thread-safe: concurrent tasks of one executor call {@link #embed} at the
 * same time.
 */
public interface ClipEmbedder {

    /**
     * Embeds a batch.
     *
     * @param batch the clips, at least one
     * @return one vector per clip, in the order of {@code batch}
     * @throws RuntimeException when any clip of the batch cannot be embedded (the job then embeds the
     *     clips of the batch one by one to find which)
     */
    List<float[]> embed(List<Clip> batch);
}
