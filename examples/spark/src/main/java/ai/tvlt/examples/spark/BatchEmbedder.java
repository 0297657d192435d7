package ai.tvlt.examples.spark;

import java.util.List;

/**
 * Turns a batch of clips into one result per clip: a vector, or the reason the clip has none. The
 * Spark job holds one instance per executor JVM ({@link ExecutorModels}) and calls it from every task
 * running in that JVM.
 *
 * <p>Implementations must be thread-safe: concurrent tasks of one executor call {@link #embed} at the
 * same time.
 */
public interface BatchEmbedder {

    /**
     * Embeds a batch. A clip that cannot be embedded should come back as {@link ClipResult#failed}; an
     * exception means the whole batch failed, and the job then embeds its clips one by one to find
     * which fail.
     *
     * @param batch the clips, at least one
     * @return one result per clip, in the order of {@code batch}, with the clip's id
     */
    List<ClipResult> embed(List<Clip> batch);
}
