package ai.tvlt.weights;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.ShardedSafetensors;
import ai.tvlt.weights.torch.TorchCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A checkpoint folder as the Hugging Face hub lays it out: {@code config.json}, an optional
 * {@code preprocessor_config.json}, and the weights. Opening it picks the weights file
 * (in transformers' order: {@code model.safetensors}, {@code model.safetensors.index.json},
 * {@code pytorch_model.bin}, {@code pytorch_model.bin.index.json}); {@link #weightsFile()} says which.
 *
 * <p>Thread-safety: the tensor store is safe for concurrent reads; close the checkpoint once.
 */
public final class Checkpoint implements AutoCloseable {

    /** Name of the single-file safetensors weights. */
    public static final String SAFETENSORS = "model.safetensors";
    /** Name of the PyTorch weights, read when no safetensors weights are present. */
    public static final String PYTORCH = "pytorch_model.bin";

    /** Name of the index of sharded safetensors weights. */
    public static final String SAFETENSORS_INDEX = ShardedSafetensors.INDEX_FILE;
    /** Name of the index of sharded PyTorch weights ({@code save_pretrained(safe_serialization=False)}). */
    public static final String PYTORCH_INDEX = "pytorch_model.bin.index.json";

    /** A weights file name and how to open it. */
    private record WeightsFormat(String fileName, Function<Path, TensorStore> opener) {
    }

    /** Weights files in order of preference; the first one present in the folder is opened. */
    private static final List<WeightsFormat> WEIGHTS_FORMATS = List.of(
            new WeightsFormat(SAFETENSORS, SafetensorsFile::open),
            new WeightsFormat(SAFETENSORS_INDEX, ShardedSafetensors::open),
            new WeightsFormat(PYTORCH, TorchCheckpoint::open),
            new WeightsFormat(PYTORCH_INDEX, index -> ShardedTensorStore.open(index, TorchCheckpoint::open)));

    private final Path dir;
    private final TvltConfig config;
    private final TensorStore tensors;

    private Checkpoint(Path dir, TvltConfig config, TensorStore tensors) {
        this.dir = dir;
        this.config = config;
        this.tensors = tensors;
    }

    /**
     * Opens a checkpoint folder.
     *
     * @param dir the folder holding config.json and the weights
     * @return the open checkpoint
     * @throws InvalidInputException when dir is not a folder or lacks config.json
     * @throws CorruptFileException when no weights file is present or it is invalid
     */
    public static Checkpoint open(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("checkpoint folder " + dir + " does not exist or is not a folder");
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException("checkpoint folder " + dir + " has no config.json");
        }
        TvltConfig config = TvltConfig.fromJson(configFile);
        return new Checkpoint(dir, config, openTensors(dir));
    }

    /**
     * Opens the weights of a checkpoint folder: the first of {@code model.safetensors},
     * {@code model.safetensors.index.json} (sharded), {@code pytorch_model.bin},
     * {@code pytorch_model.bin.index.json} (sharded) that exists.
     *
     * @param dir the folder
     * @return its tensors
     * @throws CorruptFileException when no weights file is present or it is invalid
     */
    public static TensorStore openTensors(Path dir) {
        return format(dir).opener().apply(weightsFile(dir));
    }

    /**
     * @param dir a checkpoint folder
     * @return the weights file {@link #openTensors(Path)} reads there (the index of a sharded checkpoint)
     * @throws CorruptFileException when no weights file is present
     */
    public static Path weightsFile(Path dir) {
        return dir.resolve(format(dir).fileName());
    }

    /**
     * @param dir a checkpoint folder
     * @return the weights files present in it, the one {@link #openTensors(Path)} reads first, then the
     *     others in order of preference (shards not included)
     */
    public static List<Path> weightsFiles(Path dir) {
        return WEIGHTS_FORMATS.stream().map(f -> dir.resolve(f.fileName())).filter(Files::isRegularFile).toList();
    }

    /** @return the weights file this checkpoint was read from (the index of a sharded checkpoint) */
    public Path weightsFile() {
        return weightsFile(dir);
    }

    private static WeightsFormat format(Path dir) {
        for (WeightsFormat format : WEIGHTS_FORMATS) {
            if (Files.isRegularFile(dir.resolve(format.fileName()))) {
                return format;
            }
        }
        throw new CorruptFileException("checkpoint folder " + dir + " holds no weights file (looked for "
                + WEIGHTS_FORMATS.stream().map(WeightsFormat::fileName).collect(Collectors.joining(", ")) + ")");
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /** @return the parsed config.json */
    public TvltConfig config() {
        return config;
    }

    /** @return the weights */
    public TensorStore tensors() {
        return tensors;
    }

    /** @return the preprocessor_config.json path when the folder has one */
    public java.util.Optional<Path> preprocessorConfig() {
        Path p = dir.resolve("preprocessor_config.json");
        return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    @Override
    public void close() {
        tensors.close();
    }
}
