package ai.tvlt.examples.spark;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.weights.hub.HubClient;
import ai.tvlt.weights.hub.HubEnvironment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link TvltBatchEmbedder} of a checkpoint on an executor: caps ND4J's threads at the task's
 * CPUs ({@link TaskThreads#limitNd4j}), finds the checkpoint folder, then loads the encoder and the
 * checkpoint's processor ({@link TvltEmbedder#fromPretrained}). Tasks of one executor sharing a
 * {@link #key()} share the model ({@link ExecutorModels}).
 *
 * <p>The checkpoint is a folder, or a Hugging Face model id {@code owner/name[@revision]} looked up in
 * the executor's Hugging Face cache ({@code HF_HUB_CACHE}/{@code HF_HOME} of the executor's
 * environment, or {@code hubCache}) in offline mode: the job never downloads weights, since hundreds of
 * executors fetching 452 MB each at once is what a shared folder or a pre-filled cache avoids.
 *
 * @param model the checkpoint folder as the executors see it, or a model id in their cache
 * @param pooling how the hidden states become one vector
 * @param batchSize clips per padded forward
 * @param threads native threads per model call: the job passes {@code spark.task.cpus}
 * @param hubCache the Hugging Face cache folder to look model ids up in, or null for the executor's default
 */
public record TvltEmbedderFactory(String model, Pooling pooling, int batchSize, int threads, String hubCache)
        implements EmbedderFactory {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TvltEmbedderFactory.class);

    /** Validates the fields. */
    public TvltEmbedderFactory {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pooling, "pooling");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    @Override
    public String key() {
        return "tvlt:" + model + ":" + pooling.cliName() + ":" + batchSize + ":" + hubCache;
    }

    @Override
    public BatchEmbedder create() {
        TaskThreads.limitNd4j(threads);
        long start = System.nanoTime();
        Path folder = checkpointFolder();
        TvltEmbedder embedder = TvltEmbedder.fromPretrained(folder, EmbedderOptions.builder().pooling(pooling)
                .batchSize(batchSize).load(LoadOptions.builder().threads(executorCores()).build()).build());
        LOG.info("loaded {} from {} in {} ms", embedder, folder, (System.nanoTime() - start) / 1_000_000);
        return new TvltBatchEmbedder(embedder);
    }

    /**
     * The model's compute threads: the executor's tasks share one model, and concurrent calls share its
     * threads, so it gets the executor's cores ({@code spark.executor.cores}, else the cores the JVM
     * reports), not one task's.
     *
     * @return the executor's cores
     */
    static int executorCores() {
        SparkEnv env = SparkEnv.get();
        int cores = env == null ? 0 : env.conf().getInt("spark.executor.cores", 0);
        return cores > 0 ? cores : Runtime.getRuntime().availableProcessors();
    }

    /**
     * @return {@link #model} when it is a folder, else its snapshot folder in the Hugging Face cache
     * @throws InvalidInputException when an absolute {@link #model} path is not a folder
     * @throws ai.tvlt.weights.hub.HubException when the model id is not in the cache (the message says
     *     how to fill it)
     */
    Path checkpointFolder() {
        Path path = Path.of(model);
        if (path.isAbsolute() && !Files.isDirectory(path)) {
            throw new InvalidInputException("model folder " + model + " does not exist on this executor ("
                    + hostName() + "); --model must name a folder every executor can read");
        }
        HubEnvironment environment = HubEnvironment.fromSystem().withOffline(true);
        if (hubCache != null) {
            environment = environment.withCacheDir(Path.of(hubCache));
        }
        return HubClient.builder().environment(environment).build().locate(model);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }
}
