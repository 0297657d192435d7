package ai.tvlt.examples.cli.infer;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.examples.cli.io.TensorFileInputs;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tensors of {@code tvlt infer --inputs} (SPEC section 4): the reference's forward arguments
 * ({@link TensorFileInputs#FORWARD_ARGUMENTS}) under their bare name or with the {@code input.} prefix;
 * every other tensor of the file is ignored, so a golden case file can be passed whole. Values and
 * noise must be floating-point; masks may have any numeric dtype.
 *
 * <p>Keeps the file mapped until {@link #close()}; the tensors it returns are heap copies that outlive
 * it. Not thread-safe.
 */
public final class InferInputs implements AutoCloseable {

    private final TensorFileInputs file;

    private InferInputs(TensorFileInputs file) {
        this.file = file;
    }

    /**
     * @param path the {@code --inputs} safetensors file
     * @return its forward arguments; close them when done
     * @throws ai.tvlt.core.error.CorruptFileException when the file is not valid safetensors
     * @throws ai.tvlt.core.error.InvalidInputException when an argument is given both with and without prefix
     */
    public static InferInputs open(Path path) {
        return new InferInputs(TensorFileInputs.open(path, TensorFileInputs.FORWARD_ARGUMENTS));
    }

    /**
     * @param name a forward argument, e.g. {@code labels}
     * @return whether the file holds it
     */
    public boolean contains(String name) {
        return file.contains(name);
    }

    /**
     * @param name a required floating-point argument, e.g. {@code pixel_values}
     * @return its value as float32
     * @throws ai.tvlt.core.error.InvalidInputException when absent (the message names the file and the
     *     tensor) or not floating-point
     */
    public FloatTensor values(String name) {
        return file.floats(name);
    }

    /**
     * @param name an optional floating-point argument, e.g. {@code pixel_mask_noise}
     * @return its value as float32, empty when absent
     * @throws ai.tvlt.core.error.InvalidInputException when present but not floating-point
     */
    public Optional<FloatTensor> optionalValues(String name) {
        return contains(name) ? Optional.of(file.floats(name)) : Optional.empty();
    }

    /**
     * @param name an optional mask or label tensor, e.g. {@code pixel_mask}
     * @return its value as float32 whatever its numeric dtype (BOOL, integers, floats), empty when absent
     */
    public Optional<FloatTensor> numeric(String name) {
        return contains(name) ? Optional.of(file.mask(name)) : Optional.empty();
    }

    /**
     * @param name a forward argument the file holds
     * @return whether its dtype is floating-point (F32, F64, F16, BF16)
     * @throws ai.tvlt.core.error.InvalidInputException when absent
     */
    public boolean isFloatingPoint(String name) {
        return file.info(name).dtype().isFloatingPoint();
    }

    /**
     * @param name an optional integer argument, e.g. class {@code labels}
     * @return its value as int64, empty when absent
     * @throws ai.tvlt.core.error.InvalidInputException when present but floating-point
     */
    public Optional<LongTensor> optionalLongs(String name) {
        return contains(name) ? Optional.of(file.longs(name)) : Optional.empty();
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "InferInputs" + file.names() + " from " + file.path();
    }
}
