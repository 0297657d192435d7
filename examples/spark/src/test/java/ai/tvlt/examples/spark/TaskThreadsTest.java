package ai.tvlt.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class TaskThreadsTest {

    @Test
    void executorOpenMpThreadsFollowTaskCpusUnlessSetExplicitly() {
        SparkConf defaults = TaskThreads.configure(new SparkConf(false));
        assertEquals("1", defaults.get(TaskThreads.EXECUTOR_OMP_NUM_THREADS));

        SparkConf four = TaskThreads.configure(new SparkConf(false).set(TaskThreads.TASK_CPUS, "4"));
        assertEquals("4", four.get(TaskThreads.EXECUTOR_OMP_NUM_THREADS));

        SparkConf explicit = TaskThreads.configure(new SparkConf(false).set(TaskThreads.TASK_CPUS, "4")
                .set(TaskThreads.EXECUTOR_OMP_NUM_THREADS, "3"));
        assertEquals("3", explicit.get(TaskThreads.EXECUTOR_OMP_NUM_THREADS));

        assertThrows(IllegalArgumentException.class,
                () -> TaskThreads.configure(new SparkConf(false).set(TaskThreads.TASK_CPUS, "0")));
    }

    @Test
    void limitsNd4jThreads() {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            TaskThreads.limitNd4j(1);
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        } finally {
            TaskThreads.limitNd4j(Math.max(1, before));
        }
        assertThrows(IllegalArgumentException.class, () -> TaskThreads.limitNd4j(0));
    }
}
