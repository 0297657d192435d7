package ai.tvlt.examples.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The distributed embedding job: reads a clip table, embeds every clip with {@code mapPartitions}
 * (one embedder per executor JVM, batches inside each partition) and writes {@code (id, vector, error)}
 * rows to Parquet. A clip that cannot be embedded becomes a row with an {@code error} and a null
 * {@code vector}; only a failure to build the embedder (a missing checkpoint, say) fails the job.
 *
 * <p>Stateless; thread-safety is Spark's.
 */
public final class EmbedJob {

    private EmbedJob() {
    }

    /**
     * Embeds a table of clips (lazily: nothing runs until an action).
     *
     * @param clips a table with the columns {@code id}, {@code video}, {@code audio}
     * @param factory builds the embedder on each executor
     * @param batchSize clips per model call
     * @return the {@link EmbeddingTable} rows, one per input row, in the input's partitioning
     */
    public static Dataset<Row> embed(Dataset<Row> clips, EmbedderFactory factory, int batchSize) {
        return ClipTable.select(clips, "clips").mapPartitions(new PartitionEmbedder(factory, batchSize),
                Encoders.row(EmbeddingTable.schema()));
    }

    /**
     * Runs the whole job: read, embed, write Parquet.
     *
     * @param spark the session
     * @param settings where to read and write, batch size and partitioning
     * @param factory builds the embedder on each executor
     * @return counts of the written rows
     */
    public static Summary run(SparkSession spark, JobSettings settings, EmbedderFactory factory) {
        Dataset<Row> clips = ClipTable.read(spark, settings.input(), settings.format());
        if (settings.partitions() > 0) {
            clips = clips.repartition(settings.partitions());
        }
        embed(clips, factory, settings.batchSize()).write()
                .mode(settings.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .parquet(settings.output());
        Dataset<Row> written = spark.read().parquet(settings.output());
        long rows = written.count();
        long failed = written.filter(written.col(EmbeddingTable.ERROR).isNotNull()).count();
        return new Summary(rows, failed);
    }

    /**
     * What the job wrote.
     *
     * @param rows output rows (one per input row)
     * @param failed rows with an error
     */
    public record Summary(long rows, long failed) {
    }
}
