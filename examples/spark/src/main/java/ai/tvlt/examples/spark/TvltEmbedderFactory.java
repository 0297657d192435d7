package ai.tvlt.examples.spark;

import ai.tvlt.examples.cli.embed.ClipEmbedder;
import ai.tvlt.examples.cli.embed.Pooling;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link TvltBatchEmbedder} of a checkpoint folder on an executor: caps ND4J's threads at
 * the task's CPUs ({@link TaskThreads#limitNd4j}), then loads the encoder and the checkpoint's processor
 * ({@link ClipEmbedder#fromPretrained}). Executors sharing a key share the model ({@link ExecutorModels}).
 *
 * @param modelDir the checkpoint folder as the executors see it (config.json, weights, optionally
 *     preprocessor_config.json)
 * @param pooling how the hidden states become one vector
 * @param threads native threads per model call: the job passes {@code spark.task.cpus}
 */
public record TvltEmbedderFactory(String modelDir, Pooling pooling, int threads) implements EmbedderFactory {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TvltEmbedderFactory.class);

    /** Validates the fields. */
    public TvltEmbedderFactory {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(pooling, "pooling");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    @Override
    public String key() {
        return "tvlt:" + modelDir + ":" + pooling.cliName();
    }

    @Override
    public BatchEmbedder create() {
        TaskThreads.limitNd4j(threads);
        long start = System.nanoTime();
        ClipEmbedder embedder = ClipEmbedder.fromPretrained(Path.of(modelDir), pooling);
        LOG.info("loaded {} from {} in {} ms", embedder, modelDir, (System.nanoTime() - start) / 1_000_000);
        return new TvltBatchEmbedder(embedder);
    }
}
