package ai.tvlt.examples.cli.io;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.processing.image.NaturalNameOrder;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The input tensors of a command, read from a safetensors file (SPEC section 4, {@code infer --inputs}
 * and {@code preprocess --tensors}). A tensor is found under its bare name ({@code pixel_values}) or
 * with the {@code input.} prefix of the test-vector files ({@code input.pixel_values}), so a golden case
 * file can be passed whole: names the command does not accept ({@code expected.*}, {@code aux.*},
 * anything else) are ignored. Names are listed in {@link NaturalNameOrder}, so indexed names
 * ({@code waveform.2}, {@code waveform.10}) come in numeric order.
 *
 * <p>The file stays mapped until {@link #close()}; tensors are decoded on request. Not meant for use
 * from several threads at once.
 */
public final class TensorFileInputs implements AutoCloseable {

    /** The prefix of input tensors in test-vector files. */
    public static final String INPUT_PREFIX = "input.";

    /** The forward arguments {@code infer} reads (SPEC section 4). */
    public static final Set<String> FORWARD_ARGUMENTS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "pixel_values", "audio_values", "pixel_mask", "audio_mask", "pixel_values_mixed",
            "pixel_mask_mixed", "labels", "pixel_mask_noise", "audio_mask_noise")));

    private static final Pattern PREPROCESS_NAME =
            Pattern.compile("waveform\\.\\d+|(video|video_mixed)\\.\\d+\\.frame\\.\\d+");

    /** The raw inputs {@code preprocess --tensors} reads: {@code waveform.<i>}, {@code video[_mixed].<v>.frame.<f>}. */
    public static final Predicate<String> PREPROCESS_INPUTS = name -> PREPROCESS_NAME.matcher(name).matches();

    private final SafetensorsFile file;
    /** Bare name to the name stored in the file, in natural order. */
    private final SortedMap<String, String> storedNames;

    private TensorFileInputs(SafetensorsFile file, SortedMap<String, String> storedNames) {
        this.file = file;
        this.storedNames = storedNames;
    }

    /**
     * Opens a file and selects the tensors whose bare name is accepted.
     *
     * @param path a safetensors file
     * @param accepted which bare names (without {@code input.}) the command reads
     * @return the inputs; close them when done
     * @throws ai.tvlt.core.error.CorruptFileException when the file is not valid safetensors
     * @throws InvalidInputException when a name is given both with and without the prefix
     */
    public static TensorFileInputs open(Path path, Predicate<String> accepted) {
        SafetensorsFile file = SafetensorsFile.open(path);
        try {
            return new TensorFileInputs(file, selectNames(file, accepted));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Opens a file and selects the given names.
     *
     * @param path a safetensors file
     * @param accepted the bare names the command reads, e.g. {@link #FORWARD_ARGUMENTS}
     * @return the inputs; close them when done
     */
    public static TensorFileInputs open(Path path, Set<String> accepted) {
        return open(path, accepted::contains);
    }

    private static SortedMap<String, String> selectNames(SafetensorsFile file, Predicate<String> accepted) {
        SortedMap<String, String> selected = new TreeMap<>(NaturalNameOrder.INSTANCE);
        for (String stored : file.names()) {
            String bare = stored.startsWith(INPUT_PREFIX) ? stored.substring(INPUT_PREFIX.length()) : stored;
            if (!accepted.test(bare)) {
                continue;
            }
            String previous = selected.put(bare, stored);
            if (previous != null) {
                throw new InvalidInputException(file.path() + " holds both '" + previous + "' and '" + stored
                        + "'; keep only one of them");
            }
        }
        return Collections.unmodifiableSortedMap(selected);
    }

    /** @return the file */
    public Path path() {
        return file.path();
    }

    /** @return the accepted bare names present in the file, in natural order */
    public SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>(NaturalNameOrder.INSTANCE);
        names.addAll(storedNames.keySet());
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * @param prefix the start of a bare name, e.g. {@code "waveform."}
     * @return the present names that start with it, in natural order
     */
    public List<String> names(String prefix) {
        return storedNames.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    /**
     * @param name a bare name
     * @return whether the file holds it (with or without prefix)
     */
    public boolean contains(String name) {
        return storedNames.containsKey(name);
    }

    /**
     * @param name a bare name
     * @return the tensor's dtype and shape (its {@code name()} is the stored name)
     * @throws InvalidInputException when the tensor is absent
     */
    public TensorInfo info(String name) {
        return file.info(storedName(name));
    }

    /**
     * Reads a floating-point tensor (F32, F64, F16, BF16) as float32. Integer tensors are refused: for
     * pixel or audio values they would be unscaled raw samples, which the reference turns into garbage.
     *
     * @param name a bare name
     * @return the tensor
     * @throws InvalidInputException when absent or not floating-point
     */
    public FloatTensor floats(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloatingPoint()) {
            throw wrongDtype(info, "a floating-point tensor (F32, F64, F16 or BF16)");
        }
        return FloatTensor.wrap(file.readFloats(info.name()), info.shape());
    }

    /**
     * Reads a mask of any numeric dtype (BOOL, integers, floats) as float32, the dtype the model uses.
     *
     * @param name a bare name
     * @return the mask
     * @throws InvalidInputException when absent
     */
    public FloatTensor mask(String name) {
        TensorInfo info = info(name);
        return FloatTensor.wrap(file.readFloats(info.name()), info.shape());
    }

    /**
     * Reads an integer or boolean tensor as int64 (class labels, ids).
     *
     * @param name a bare name
     * @return the tensor
     * @throws InvalidInputException when absent or floating-point
     */
    public LongTensor longs(String name) {
        TensorInfo info = info(name);
        if (info.dtype().isFloatingPoint()) {
            throw wrongDtype(info, "an integer tensor (I64, I32, I16, I8, U8 or BOOL)");
        }
        return new LongTensor(file.readLongs(info.name()), info.shape());
    }

    /**
     * Reads a floating-point tensor as float64 without rounding (waveforms given as F64).
     *
     * @param name a bare name
     * @return its elements in row-major order; the shape is {@link #info(String)}'s
     * @throws InvalidInputException when absent or not floating-point
     */
    public double[] doubles(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloatingPoint()) {
            throw wrongDtype(info, "a floating-point tensor (F32, F64, F16 or BF16)");
        }
        return file.readDoubles(info.name());
    }

    /**
     * Reads a U8 tensor (decoded image frames).
     *
     * @param name a bare name
     * @return its bytes in row-major order; the shape is {@link #info(String)}'s
     * @throws InvalidInputException when absent or not U8
     */
    public byte[] unsignedBytes(String name) {
        TensorInfo info = info(name);
        if (info.dtype() != DType.U8) {
            throw wrongDtype(info, "a U8 tensor");
        }
        return file.readBytes(info.name());
    }

    @Override
    public void close() {
        file.close();
    }

    private String storedName(String name) {
        String stored = storedNames.get(name);
        if (stored == null) {
            throw new InvalidInputException(file.path() + " has no tensor '" + name + "' (nor '"
                    + INPUT_PREFIX + name + "')");
        }
        return stored;
    }

    private InvalidInputException wrongDtype(TensorInfo info, String expected) {
        return new InvalidInputException("tensor '" + info.name() + "' in " + file.path() + " has dtype "
                + info.dtype() + "; " + expected + " is expected");
    }

    @Override
    public String toString() {
        return "TensorFileInputs" + storedNames.keySet() + " from " + file.path();
    }
}
