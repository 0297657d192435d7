package ai.tvlt.examples.cli.io;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a command's result tensors as one safetensors file with the reference's names and dtypes
 * (SPEC section 4): float results as F32, ids as I64, a scalar loss as a 0-d F32 tensor, and tuple
 * outputs ({@code hidden_states}, {@code attentions}) split into {@code <name>.<i>}. {@code infer}
 * writes under the {@code output.} prefix ({@link #forInference()}), {@code preprocess} under bare
 * names ({@link #bare()}).
 *
 * <p>Not thread-safe: fill and write it from one thread.
 */
public final class OutputWriter {

    /** The prefix of {@code infer}'s output tensors. */
    public static final String OUTPUT_PREFIX = "output.";

    private final String prefix;
    private final SafetensorsWriter writer = new SafetensorsWriter();

    private OutputWriter(String prefix) {
        this.prefix = prefix;
    }

    /** @return a writer that names tensors {@code output.<name>} */
    public static OutputWriter forInference() {
        return new OutputWriter(OUTPUT_PREFIX);
    }

    /** @return a writer that names tensors by their bare name */
    public static OutputWriter bare() {
        return new OutputWriter("");
    }

    /**
     * @param name output field name, e.g. {@code last_hidden_state}
     * @param tensor its value, written as F32
     * @return this writer
     */
    public OutputWriter floats(String name, FloatTensor tensor) {
        writer.putFloats(prefix + name, tensor.shape(), tensor.data());
        return this;
    }

    /**
     * @param name output field name, e.g. {@code pixel_ids_restore}
     * @param tensor its value, written as I64
     * @return this writer
     */
    public OutputWriter longs(String name, LongTensor tensor) {
        writer.putLongs(prefix + name, tensor.shape(), tensor.data());
        return this;
    }

    /**
     * @param name output field name, e.g. {@code loss}
     * @param value written as a 0-d F32 tensor, as torch saves a scalar loss
     * @return this writer
     */
    public OutputWriter scalar(String name, float value) {
        writer.putFloats(prefix + name, new long[0], new float[] {value});
        return this;
    }

    /**
     * Writes a tuple output as {@code <name>.0}, {@code <name>.1}, ... in list order.
     *
     * @param name output field name, e.g. {@code hidden_states}
     * @param tensors its elements, each written as F32
     * @return this writer
     */
    public OutputWriter sequence(String name, List<FloatTensor> tensors) {
        for (int i = 0; i < tensors.size(); i++) {
            floats(name + "." + i, tensors.get(i));
        }
        return this;
    }

    /**
     * @param key {@code __metadata__} key
     * @param value its value
     * @return this writer
     */
    public OutputWriter metadata(String key, String value) {
        writer.metadata(key, value);
        return this;
    }

    /** @return the number of tensors added */
    public int size() {
        return writer.size();
    }

    /**
     * Writes the file, creating its parent folders when needed.
     *
     * @param file destination (replaced if it exists)
     * @throws InvalidInputException when nothing was added (an empty result is a bug of the caller)
     * @throws UncheckedIOException when writing fails
     */
    public void write(Path file) {
        if (writer.size() == 0) {
            throw new InvalidInputException("no tensors to write to " + file);
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        writer.write(file);
    }
}
