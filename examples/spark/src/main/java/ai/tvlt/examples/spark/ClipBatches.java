package ai.tvlt.examples.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds a stream of clips batch by batch, lazily: it reads at most one batch ahead of what the caller
 * consumed, so a partition of any size is never held in memory. A clip that fails becomes an error
 * {@link ClipResult} instead of failing the stream: when a batch throws, its clips are embedded one by
 * one so only the broken ones carry the error (an embedder should rather report them in its results).
 *
 * <p>Not thread-safe (one instance per partition, used by its task's thread).
 */
public final class ClipBatches implements Iterator<ClipResult> {

    private static final Logger LOG = LoggerFactory.getLogger(ClipBatches.class);

    private final Iterator<Clip> clips;
    private final Supplier<BatchEmbedder> embedder;
    private final int batchSize;
    private final Deque<ClipResult> ready = new ArrayDeque<>();

    /**
     * @param clips the clips to embed
     * @param embedder gives the embedder; called only when a batch has a clip to embed, so an empty
     *     partition never loads a model
     * @param batchSize clips per model call, at least 1
     */
    public ClipBatches(Iterator<Clip> clips, Supplier<BatchEmbedder> embedder, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.clips = clips;
        this.embedder = embedder;
        this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && clips.hasNext()) {
            embedNextBatch();
        }
        return !ready.isEmpty();
    }

    @Override
    public ClipResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    /** Reads up to {@code batchSize} clips; rows missing a field fail at once, the others are embedded. */
    private void embedNextBatch() {
        List<Clip> batch = new ArrayList<>(batchSize);
        List<ClipResult> results = new ArrayList<>(batchSize);
        List<Integer> slots = new ArrayList<>(batchSize);
        while (results.size() < batchSize && clips.hasNext()) {
            Clip clip = clips.next();
            String problem = missingField(clip);
            if (problem != null) {
                results.add(ClipResult.failed(clip.id(), problem));
            } else {
                slots.add(results.size());
                results.add(null);
                batch.add(clip);
            }
        }
        List<ClipResult> embedded = embed(batch);
        for (int i = 0; i < slots.size(); i++) {
            results.set(slots.get(i), embedded.get(i));
        }
        ready.addAll(results);
    }

    private static String missingField(Clip clip) {
        if (clip.video() == null || clip.video().isBlank()) {
            return "the row has no video path";
        }
        if (clip.audio() == null || clip.audio().isBlank()) {
            return "the row has no audio path";
        }
        return null;
    }

    private List<ClipResult> embed(List<Clip> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        BatchEmbedder model = embedder.get();
        List<ClipResult> results;
        try {
            results = model.embed(batch);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                LOG.debug("clip {} failed", batch.get(0).id(), batchFailure);
                return List.of(ClipResult.failed(batch.get(0).id(), batchFailure));
            }
            LOG.debug("a batch of {} clips failed ({}); embedding them one by one", batch.size(),
                    batchFailure.toString());
            return oneByOne(model, batch);
        }
        return checked(batch, results);
    }

    private static List<ClipResult> oneByOne(BatchEmbedder model, List<Clip> batch) {
        List<ClipResult> out = new ArrayList<>(batch.size());
        for (Clip clip : batch) {
            List<Clip> single = List.of(clip);
            List<ClipResult> result;
            try {
                result = model.embed(single);
            } catch (RuntimeException e) {
                LOG.debug("clip {} failed", clip.id(), e);
                out.add(ClipResult.failed(clip.id(), e));
                continue;
            }
            out.add(checked(single, result).get(0));
        }
        return out;
    }

    /** A result list that does not match the batch is the embedder's bug: it fails the task. */
    private static List<ClipResult> checked(List<Clip> batch, List<ClipResult> results) {
        if (results == null || results.size() != batch.size()) {
            throw new IllegalStateException("the embedder returned " + (results == null ? "null" : results.size())
                    + " results for a batch of " + batch.size() + " clips");
        }
        for (int i = 0; i < batch.size(); i++) {
            ClipResult r = results.get(i);
            if (r == null || !Objects.equals(r.id(), batch.get(i).id())) {
                throw new IllegalStateException("the embedder returned " + r + " for clip " + batch.get(i).id());
            }
        }
        return results;
    }
}
