package ai.tvlt.examples.spark;

import ai.tvlt.models.pipeline.ClipEmbedder;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.processing.clip.ClipSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The job's embedder: the single-process path of {@code tvlt embed} ({@link ClipEmbedder}: the
 * checkpoint's processor, the encoder, the pooling) applied to each clip of a batch, so a vector
 * written by the job is bit for bit the one {@code tvlt embed} gives for that clip. A clip whose files
 * are missing or unreadable becomes a failed result with {@code tvlt embed}'s one-line message.
 *
 * <p>{@link ClipEmbedder} runs one forward per clip (a clip's vector never depends on the other clips of
 * a batch); the batch is the unit of work handed over per call, not a batched forward.
 *
 * <p>Thread-safe ({@link ClipEmbedder} is): concurrent tasks of an executor share one instance.
 */
public final class TvltBatchEmbedder implements BatchEmbedder {

    private final ClipEmbedder embedder;

    /**
     * @param embedder the loaded model, processor and pooling; lives as long as this object
     */
    public TvltBatchEmbedder(ClipEmbedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    @Override
    public List<ClipResult> embed(List<Clip> batch) {
        List<ClipResult> out = new ArrayList<>(batch.size());
        for (Clip clip : batch) {
            out.add(embed(clip));
        }
        return out;
    }

    private ClipResult embed(Clip clip) {
        ClipSource source;
        try {
            source = new ClipSource(clip.id() == null ? "" : clip.id(), Path.of(clip.video()), Path.of(clip.audio()));
        } catch (InvalidPathException e) {
            return ClipResult.failed(clip.id(), "not a valid path: " + e.getInput());
        }
        ClipEmbedding result = embedder.embedAll(List.of(source), r -> { }).get(0);
        if (result instanceof ClipEmbedding.Success success) {
            return ClipResult.embedded(clip.id(), success.vector());
        }
        return ClipResult.failed(clip.id(), ((ClipEmbedding.Failure) result).message());
    }

    @Override
    public String toString() {
        return "TvltBatchEmbedder[" + embedder + "]";
    }
}
