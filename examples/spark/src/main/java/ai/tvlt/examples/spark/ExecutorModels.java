package ai.tvlt.examples.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The executor-side model holder: one {@link BatchEmbedder} per {@link EmbedderFactory#key()} and JVM,
 * built lazily by the first task that needs it and shared by every later task of that JVM.
 *
 * <p>Why a JVM-wide cache here (and nowhere else in the project): a Spark executor runs many tasks,
 * several at once, in one long-lived JVM, and Spark offers no per-executor lifecycle hook. Loading the
 * weights (452 MB for the base model) per task or per partition would dominate the job, and broadcasting
 * them would copy them through the driver and the block manager into every executor's heap besides the
 * model's own native copy. So each executor reads the checkpoint once from its local or cached path and
 * keeps the model until the JVM exits (its native memory is released with the process).
 *
 * <p>Thread-safety: {@link #get} may be called from any number of task threads at once; for each key
 * exactly one thread builds the embedder while the others of that key wait, and other keys are not
 * blocked. A failed build is not cached: the next task tries again (and fails the same way when the
 * checkpoint is missing, so the job fails instead of writing error rows for every clip).
 */
public final class ExecutorModels {

    private static final ConcurrentMap<String, Holder> EMBEDDERS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /**
     * @param factory the recipe, used only when this JVM has no embedder for its key yet
     * @return this JVM's embedder for {@code factory.key()}
     */
    public static BatchEmbedder get(EmbedderFactory factory) {
        return EMBEDDERS.computeIfAbsent(factory.key(), key -> new Holder()).get(factory);
    }

    /** Builds its embedder once; the lock is per key, so a slow load does not block other keys. */
    private static final class Holder {
        private volatile BatchEmbedder embedder;

        BatchEmbedder get(EmbedderFactory factory) {
            BatchEmbedder ready = embedder;
            if (ready != null) {
                return ready;
            }
            synchronized (this) {
                if (embedder == null) {
                    BatchEmbedder created = factory.create();
                    if (created == null) {
                        throw new IllegalStateException("embedder factory " + factory.key() + " returned null");
                    }
                    embedder = created;
                }
                return embedder;
            }
        }
    }
}
