package ai.tvlt.examples.spark;

import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native threads per task, so that the tasks an executor runs at once do not oversubscribe its cores:
 * an executor with {@code spark.executor.cores = C} runs {@code C / spark.task.cpus} tasks at a time,
 * and each task's model call should use {@code spark.task.cpus} threads.
 *
 * <p>Two places apply the cap. On the driver, {@link #configure} sets the executors' environment
 * variable {@code OMP_NUM_THREADS}, which OpenMP and OpenBLAS read when ND4J's native library loads.
 * On each executor, {@link #limitNd4j} applies the cap through ND4J's API when the model is loaded
 * (threads per operation and OpenBLAS threads) and warns when the variable was not set. Both are JVM-wide, like the
 * executor's model. Stateless.
 */
public final class TaskThreads {

    /** Spark's CPUs per task. */
    public static final String TASK_CPUS = "spark.task.cpus";
    /** The executors' OpenMP thread count variable. */
    public static final String EXECUTOR_OMP_NUM_THREADS = "spark.executorEnv.OMP_NUM_THREADS";

    private static final Logger LOG = LoggerFactory.getLogger(TaskThreads.class);

    private TaskThreads() {
    }

    /**
     * @param conf the application's configuration
     * @return {@code spark.task.cpus} (default 1)
     */
    public static int taskCpus(SparkConf conf) {
        int cpus = conf.getInt(TASK_CPUS, 1);
        if (cpus < 1) {
            throw new IllegalArgumentException(TASK_CPUS + " must be at least 1, got " + cpus);
        }
        return cpus;
    }

    /**
     * Sets {@code spark.executorEnv.OMP_NUM_THREADS} to {@code spark.task.cpus} unless the user set it.
     *
     * @param conf the application's configuration, changed in place before the session starts
     * @return {@code conf}
     */
    public static SparkConf configure(SparkConf conf) {
        if (!conf.contains(EXECUTOR_OMP_NUM_THREADS)) {
            conf.set(EXECUTOR_OMP_NUM_THREADS, Integer.toString(taskCpus(conf)));
        }
        return conf;
    }

    /**
     * Caps ND4J's threads per operation and OpenBLAS's threads in this JVM. The size of libnd4j's own
     * thread pool is fixed by {@code OMP_NUM_THREADS} when ND4J loads ({@code Environment.setMaxThreads}
     * does nothing in ND4J 1.0.0-M2.1), so this warns when that pool is larger than {@code threads}.
     *
     * @param threads threads per model call, at least 1 (the job passes {@code spark.task.cpus})
     */
    public static void limitNd4j(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        int pool = Nd4j.getEnvironment().maxThreads();
        if (pool > threads) {
            LOG.warn("ND4J's thread pool has {} threads but tasks get {} CPU(s): set {}={} so that tasks do not"
                    + " oversubscribe the executor", pool, threads, EXECUTOR_OMP_NUM_THREADS, threads);
        }
        LOG.info("ND4J limited to {} thread(s) per call", threads);
    }
}
