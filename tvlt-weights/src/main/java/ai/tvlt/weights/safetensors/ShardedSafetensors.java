package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.weights.ShardedTensorStore;
import ai.tvlt.weights.TensorStore;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;


/**
 * A sharded safetensors checkpoint ({@code model.safetensors.index.json} plus the shard files it
 * names) read as one {@link TensorStore}. Opening reads the index ({@link SafetensorsIndex}), opens
 * every shard once (each validated as a {@link SafetensorsFile}) and checks that the index and the
 * shards agree exactly: every tensor of the {@code weight_map} is in the shard it names, and no shard
 * holds a tensor that the map does not assign to it. Shard names must be plain file names in the
 * index's folder (no path separators, no {@code ..}, not absolute); symbolic links are followed, as
 * the Hugging Face cache links snapshot files to blobs.
 *
 * <p>{@link #metadata()} is the index's {@code metadata} object (e.g. {@code total_size}), each value
 * as text; the shards' own {@code __metadata__} maps are not merged in.
 *
 * <p>The checks are those of {@link ShardedTensorStore}, which this specialises to safetensors shards.
 *
 * <p>Thread-safety: as {@link SafetensorsFile}; reads may run concurrently, {@link #close()} must not
 * race with them.
 */
public final class ShardedSafetensors implements TensorStore {

    /** The index file name that {@code save_pretrained} writes. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final ShardedTensorStore store;

    private ShardedSafetensors(ShardedTensorStore store) {
        this.store = store;
    }

    /**
     * Opens a sharded checkpoint.
     *
     * @param indexFile the {@code model.safetensors.index.json}
     * @return the open store; close it when done
     * @throws CorruptFileException when the index or a shard is invalid, a shard is missing, or index
     *     and shards disagree (the message names the file, shard and tensor)
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ShardedSafetensors open(Path indexFile) {
        return new ShardedSafetensors(ShardedTensorStore.open(indexFile, SafetensorsFile::open));
    }

    /** @return the index file this was opened from */
    public Path indexFile() {
        return store.indexFile();
    }

    /** @return the shard files, in name order */
    public List<Path> shardFiles() {
        return store.shardFiles();
    }

    @Override
    public SortedSet<String> names() {
        return store.names();
    }

    @Override
    public boolean contains(String name) {
        return store.contains(name);
    }

    @Override
    public TensorInfo info(String name) {
        return store.info(name);
    }

    @Override
    public ByteBuffer rawData(String name) {
        return store.rawData(name);
    }

    @Override
    public Map<String, String> metadata() {
        return store.metadata();
    }

    @Override
    public void close() {
        store.close();
    }
}
