package ai.tvlt.examples.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test run: {@code local[2]}, loopback only, no UI. Created by the first
 * test that needs it and shared by all (starting Spark costs seconds); Spark stops it at JVM exit.
 */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("tvlt-spark-test")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
