package ai.tvlt.weights;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.SafetensorsIndex;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A sharded checkpoint, an index ({@code model.safetensors.index.json} or
 * {@code pytorch_model.bin.index.json}, both in the format of {@link SafetensorsIndex}) plus the shard
 * files it names, read as one {@link TensorStore}. Opening reads the index, opens every shard once with the
 * format's reader (each validated as that reader validates a single file) and checks that the index and
 * the shards agree exactly: every tensor of the {@code weight_map} is in the shard it names, and no shard
 * holds a tensor that the map does not assign to it. Shard names must be plain file names in the index's
 * folder (no path separators, no {@code ..}, not absolute); symbolic links are followed, as the Hugging
 * Face cache links snapshot files to blobs.
 *
 * <p>{@link #metadata()} is the index's {@code metadata} object (e.g. {@code total_size}), each value
 * as text; the shards' own metadata are not merged in.
 *
 * <p>Thread-safety: as the shards' reader; reads may run concurrently, {@link #close()} must not race
 * with them.
 */
public final class ShardedTensorStore implements TensorStore {

    private final Path indexFile;
    private final SafetensorsIndex index;
    private final Map<String, TensorStore> shardByName;
    private final Map<String, Path> shardPaths;
    private final Map<String, TensorStore> shardOfTensor;
    private final SortedSet<String> names;
    private volatile boolean closed;

    private ShardedTensorStore(Path indexFile, SafetensorsIndex index, Map<String, TensorStore> shardByName,
                               Map<String, Path> shardPaths) {
        this.shardPaths = shardPaths;
        this.indexFile = indexFile;
        this.index = index;
        this.shardByName = shardByName;
        Map<String, TensorStore> byTensor = new TreeMap<>();
        index.weightMap().forEach((tensor, shard) -> byTensor.put(tensor, shardByName.get(shard)));
        this.shardOfTensor = byTensor;
        this.names = index.names();
    }

    /**
     * Opens a sharded checkpoint.
     *
     * @param indexFile the index
     * @param shardReader opens one shard file (e.g. {@code SafetensorsFile::open}, {@code TorchCheckpoint::open})
     * @return the open store; close it when done
     * @throws CorruptFileException when the index or a shard is invalid, a shard is missing, or index
     *     and shards disagree (the message names the file, shard and tensor)
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ShardedTensorStore open(Path indexFile, Function<Path, ? extends TensorStore> shardReader) {
        SafetensorsIndex index = SafetensorsIndex.read(indexFile);
        Path dir = indexFile.toAbsolutePath().getParent();
        Map<String, TensorStore> shards = new LinkedHashMap<>();
        Map<String, Path> paths = new LinkedHashMap<>();
        try {
            for (String shard : index.shardNames()) {
                Path path = shardPath(indexFile, dir, shard, index);
                paths.put(shard, path);
                shards.put(shard, shardReader.apply(path));
            }
            checkAgreement(indexFile, index, shards);
            return new ShardedTensorStore(indexFile, index, Collections.unmodifiableMap(shards),
                    Collections.unmodifiableMap(paths));
        } catch (RuntimeException e) {
            shards.values().forEach(TensorStore::close);
            throw e;
        }
    }

    private static Path shardPath(Path indexFile, Path dir, String shard, SafetensorsIndex index) {
        String example = index.tensorsOf(shard).get(0);
        Path resolved;
        try {
            resolved = dir.resolve(shard);
        } catch (InvalidPathException e) {
            throw new CorruptFileException(indexFile + ": shard name '" + shard + "' is not a valid file name");
        }
        boolean plainName = !shard.equals(".") && !shard.equals("..") && shard.indexOf('/') < 0
                && shard.indexOf('\\') < 0 && dir.equals(resolved.getParent())
                && resolved.getFileName().toString().equals(shard);
        if (!plainName) {
            throw new CorruptFileException(indexFile + ": shard name '" + shard
                    + "' leaves the checkpoint folder; it must be a plain file name");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new CorruptFileException(indexFile + ": shard '" + shard + "' (holding tensor '" + example
                    + "' and " + (index.tensorsOf(shard).size() - 1) + " more) does not exist in " + dir);
        }
        return resolved;
    }

    private static void checkAgreement(Path indexFile, SafetensorsIndex index, Map<String, TensorStore> shards) {
        for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
            if (!shards.get(e.getValue()).contains(e.getKey())) {
                throw new CorruptFileException(indexFile + ": tensor '" + e.getKey() + "' is mapped to shard '"
                        + e.getValue() + "', which does not hold it");
            }
        }
        for (Map.Entry<String, TensorStore> shard : shards.entrySet()) {
            for (String tensor : shard.getValue().names()) {
                String mapped = index.weightMap().get(tensor);
                if (!shard.getKey().equals(mapped)) {
                    throw new CorruptFileException(indexFile + ": shard '" + shard.getKey() + "' holds tensor '"
                            + tensor + "', which the index " + (mapped == null ? "does not list"
                                    : "maps to shard '" + mapped + "'"));
                }
            }
        }
    }

    /** @return the index file this was opened from */
    public Path indexFile() {
        return indexFile;
    }

    /** @return the shard files, in name order */
    public List<Path> shardFiles() {
        ensureOpen();
        return List.copyOf(shardPaths.values());
    }

    @Override
    public SortedSet<String> names() {
        ensureOpen();
        return names;
    }

    @Override
    public boolean contains(String name) {
        ensureOpen();
        return shardOfTensor.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    @Override
    public ByteBuffer rawData(String name) {
        return shard(name).rawData(name);
    }

    @Override
    public Map<String, String> metadata() {
        ensureOpen();
        return index.metadata();
    }

    @Override
    public void close() {
        closed = true;
        shardByName.values().forEach(TensorStore::close);
    }

    private TensorStore shard(String name) {
        ensureOpen();
        TensorStore shard = shardOfTensor.get(name);
        if (shard == null) {
            throw new InvalidInputException(indexFile + " has no tensor named '" + name + "'");
        }
        return shard;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("sharded checkpoint " + indexFile + " is closed");
        }
    }
}
