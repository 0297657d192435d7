package ai.tvlt.examples.spark;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the native threads one model call may use, so that the tasks an executor runs at once do not
 * oversubscribe its cores: an executor with {@code spark.executor.cores = C} runs
 * {@code C / spark.task.cpus} tasks at a time, and each task's forward should use
 * {@code spark.task.cpus} threads.
 *
 * <p>OpenMP reads {@code OMP_NUM_THREADS} when the native library loads, so the job also sets
 * {@code spark.executorEnv.OMP_NUM_THREADS} ({@link SparkEmbedJob}); this class applies the same cap
 * through ND4J's API when the model is loaded, which also covers executors started without that
 * variable. The settings are JVM-wide, like the executor's model.
 */
public final class NativeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /**
     * Sets ND4J's OpenMP and BLAS thread counts.
     *
     * @param threads threads per model call, at least 1 (the job passes {@code spark.task.cpus})
     */
    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        LOG.info("ND4J limited to {} thread(s) per call", threads);
    }
}
