package ai.tvlt.examples.cli.serve;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.models.pipeline.CheckpointHeads;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.DecodedClip;
import ai.tvlt.models.pipeline.DynamicBatcher;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.ErrorMessages;
import ai.tvlt.models.pipeline.MatchScorer;
import ai.tvlt.models.pipeline.Reconstructor;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.weights.Checkpoint;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a server answers with, loaded once: the embedder (behind a {@link DynamicBatcher}, so
 * concurrent {@code /embed} requests share padded forwards) and, when the checkpoint has them, the matching
 * head and the MAE decoder. A TvltForPreTraining checkpoint is loaded once and its encoder shared by all
 * three, so the weights are in memory once. Thread-safe; {@link #close()} runs the queued clips, then frees
 * the model.
 */
public final class ServedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

    private final ModelDescription description;
    private final TvltEmbedder embedder;
    private final DynamicBatcher<DecodedClip, ClipEmbedding> batcher;
    private final TvltForPreTraining preTraining;
    private final MatchScorer scorer;
    private final Reconstructor reconstructor;

    private ServedModel(ModelDescription description, TvltEmbedder embedder, TvltForPreTraining preTraining,
            ServeLimits limits, IntConsumer batchSizes) {
        this.description = description;
        this.embedder = embedder;
        this.preTraining = preTraining;
        boolean matching = preTraining != null && preTraining.config().taskMatching();
        boolean mae = preTraining != null && preTraining.config().taskMae();
        this.scorer = matching ? new MatchScorer(preTraining, embedder.processor()) : null;
        this.reconstructor = mae ? new Reconstructor(preTraining, embedder.processor()) : null;
        this.batcher = DynamicBatcher.builder(embedder::embedDecoded).maxBatchSize(limits.maxBatchSize())
                .maxWait(limits.maxBatchWait()).capacity(limits.queueCapacity()).batchSizes(batchSizes)
                .threadName("tvlt-serve-batcher").build();
    }

    /**
     * Loads a checkpoint folder.
     *
     * @param description the model's name and revision for {@code /info}
     * @param folder the checkpoint folder
     * @param options pooling, decode deadline, threads and precision (the batch size is the limits')
     * @param limits the batching limits
     * @param batchSizes told the size of every batch (metrics)
     * @return the model; close it when done
     * @throws TvltException when the checkpoint cannot be read
     */
    public static ServedModel load(ModelDescription description, Path folder, EmbedderOptions options,
            ServeLimits limits, IntConsumer batchSizes) {
        EmbedderOptions batched = options.toBuilder().batchSize(limits.maxBatchSize()).build();
        TvltProcessor processor = TvltProcessor.fromPretrained(folder);
        TvltForPreTraining preTraining = null;
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            CheckpointHeads heads = CheckpointHeads.of(checkpoint);
            if (heads.hasMatchingHead() || heads.hasMaeBranch()) {
                preTraining = heads.loadPreTraining(checkpoint, options.load());
            }
        }
        TvltModel encoder = preTraining != null ? preTraining.encoder() : TvltModel.fromPretrained(folder, options.load());
        return new ServedModel(description, new TvltEmbedder(encoder, processor, batched), preTraining, limits,
                batchSizes);
    }

    /** @return the model's name, revision and settings */
    public ModelDescription description() {
        return description;
    }

    /** @return the embedder (its options: pooling, batch size) */
    public TvltEmbedder embedder() {
        return embedder;
    }

    /** @return the clips waiting for a batch */
    public int queueDepth() {
        return batcher.queueDepth();
    }

    /** @return the matching scorer, when the checkpoint has the matching head */
    public Optional<MatchScorer> scorer() {
        return Optional.ofNullable(scorer);
    }

    /** @return the MAE reconstructor, when the checkpoint has the decoder */
    public Optional<Reconstructor> reconstructor() {
        return Optional.ofNullable(reconstructor);
    }

    /**
     * Embeds an uploaded clip: decoded on the caller's thread, then queued for the next batched forward.
     *
     * @param upload the clip
     * @param deadline when to give up waiting, in {@link System#nanoTime()} terms
     * @return the vector
     * @throws ApiError 400 for a clip that cannot be decoded or does not fit the model, 429 when the batch
     *     queue is full, 503 past the deadline or during shutdown, 500 for an unexpected failure
     */
    public float[] embed(ClipUpload upload, long deadline) {
        DecodedClip clip;
        try {
            clip = embedder.decode(upload.clip("upload"));
        } catch (RuntimeException e) {
            throw failure(e, upload);
        }
        CompletableFuture<ClipEmbedding> result;
        try {
            result = batcher.submit(clip);
        } catch (RejectedExecutionException e) {
            throw ApiError.retryLater(429, "too many requests: " + batcher.capacity() + " clips are already waiting"
                    + " for the model", 1);
        }
        ClipEmbedding embedding = await(result, deadline, upload);
        if (embedding instanceof ClipEmbedding.Success success) {
            return success.vector();
        }
        ClipEmbedding.Failure failed = (ClipEmbedding.Failure) embedding;
        throw failed.cause() != null ? failure(failed.cause(), upload) : ApiError.badRequest(upload.describe(failed.message()));
    }

    /**
     * @param failure what a decode or a forward threw
     * @param upload the upload it was about (its temporary paths are replaced by part names)
     * @return the answer: 400 for the library's errors about the input, 503 once closed, 500 otherwise
     */
    public static ApiError failure(Throwable failure, ClipUpload upload) {
        String message = upload.describe(ErrorMessages.describe(failure));
        if (failure instanceof ClosedException) {
            return ApiError.retryLater(503, "the server is shutting down", 1);
        }
        if (failure instanceof TvltException) {
            return ApiError.badRequest(message);
        }
        LOG.warn("unexpected failure: {}", message, failure);
        return new ApiError(500, message);
    }

    private static ClipEmbedding await(CompletableFuture<ClipEmbedding> result, long deadline, ClipUpload upload) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw ApiError.retryLater(503, "the request did not finish within the server's deadline", 1);
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw ApiError.retryLater(503, "the server is shutting down", 1);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RejectedExecutionException) {
                throw ApiError.retryLater(503, "the server is shutting down", 1);
            }
            throw failure(cause, upload);
        }
    }

    /** Runs the clips still queued, then frees the model. */
    @Override
    public void close() {
        batcher.close();
        embedder.close();
        if (preTraining != null) {
            preTraining.close();
        }
    }
}
