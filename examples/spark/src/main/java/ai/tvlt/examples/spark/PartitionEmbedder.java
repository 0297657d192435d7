package ai.tvlt.examples.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The {@code mapPartitions} body: clip rows in, embedding rows out, batch by batch through this
 * executor's shared embedder ({@link ExecutorModels}). Serialised to the executors with each task: it
 * carries only the factory (a model path and settings) and the batch size.
 */
public final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final EmbedderFactory factory;
    private final int batchSize;

    /**
     * @param factory builds the embedder on each executor (once per JVM)
     * @param batchSize clips per model call, at least 1
     */
    public PartitionEmbedder(EmbedderFactory factory, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.factory = factory;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Iterator<Clip> clips = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Clip next() {
                return ClipTable.clip(rows.next());
            }
        };
        ClipBatches results = new ClipBatches(clips, () -> ExecutorModels.get(factory), batchSize);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return results.hasNext();
            }

            @Override
            public Row next() {
                return EmbeddingTable.row(results.next());
            }
        };
    }
}
