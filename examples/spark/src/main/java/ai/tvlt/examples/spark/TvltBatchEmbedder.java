package ai.tvlt.examples.spark;

import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The job's embedder: the library's {@link TvltEmbedder} (the checkpoint's processor, the encoder, the
 * pooling) applied to a batch of clips in padded batched forwards, so a vector written by the job is the
 * one {@code tvlt embed} gives for that clip, within float rounding when the clips of a batch differ in
 * length. A clip whose files are missing or unreadable becomes a failed result with {@code tvlt embed}'s
 * one-line message.
 *
 * <p>Thread-safe ({@link TvltEmbedder} is): concurrent tasks of an executor share one instance.
 */
public final class TvltBatchEmbedder implements BatchEmbedder {

    private final TvltEmbedder embedder;

    /**
     * @param embedder the loaded model, processor, pooling and batch size; lives as long as this object
     */
    public TvltBatchEmbedder(TvltEmbedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    @Override
    public List<ClipResult> embed(List<Clip> batch) {
        ClipResult[] out = new ClipResult[batch.size()];
        List<ClipSource> sources = new ArrayList<>(batch.size());
        List<Integer> slots = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Clip clip = batch.get(i);
            try {
                sources.add(new ClipSource(clip.id() == null ? "" : clip.id(), Path.of(clip.video()),
                        Path.of(clip.audio())));
                slots.add(i);
            } catch (InvalidPathException e) {
                out[i] = ClipResult.failed(clip.id(), "not a valid path: " + e.getInput());
            }
        }
        List<ClipEmbedding> results = embedder.embed(sources);
        for (int k = 0; k < slots.size(); k++) {
            String id = batch.get(slots.get(k)).id();
            out[slots.get(k)] = results.get(k) instanceof ClipEmbedding.Success success
                    ? ClipResult.embedded(id, success.vector())
                    : ClipResult.failed(id, ((ClipEmbedding.Failure) results.get(k)).message());
        }
        return List.of(out);
    }

    @Override
    public String toString() {
        return "TvltBatchEmbedder[" + embedder + "]";
    }
}
