package ai.tvlt.weights;

import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedSet;

/**
 * A read-only collection of named tensors: a safetensors file, a sharded checkpoint or a PyTorch
 * checkpoint. Implementations map or stream their files rather than loading them whole, and are safe
 * for concurrent reads once opened. Closing releases the files; any use after close fails with
 * {@link ai.tvlt.core.error.ClosedException}.
 */
public interface TensorStore extends AutoCloseable {

    /** @return the tensor names, sorted */
    SortedSet<String> names();

    /**
     * @param name a tensor name
     * @return whether the store holds it
     */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * @param name a tensor name
     * @return its dtype, shape and byte span
     * @throws ai.tvlt.core.error.InvalidInputException when the name is absent
     */
    TensorInfo info(String name);

    /**
     * The raw little-endian bytes of a tensor, read-only, positioned at 0. The buffer may be a view
     * of a memory-mapped file: do not hold it after {@link #close()}.
     *
     * @param name a tensor name
     * @return a read-only buffer with exactly the tensor's bytes
     */
    ByteBuffer rawData(String name);

    /** @return the file's free-form metadata (empty when there is none) */
    Map<String, String> metadata();

    /**
     * Reads a tensor of any numeric dtype as float32: F16 and BF16 are widened exactly, F64 is
     * rounded, integers are converted.
     *
     * @param name a tensor name
     * @return its elements in row-major order
     */
    default float[] readFloats(String name) {
        return TensorDecoding.toFloats(info(name), rawData(name));
    }

    /**
     * Reads a tensor of any numeric dtype as float64 (exact for every dtype but I64 beyond 2^53).
     *
     * @param name a tensor name
     * @return its elements in row-major order
     */
    default double[] readDoubles(String name) {
        return TensorDecoding.toDoubles(info(name), rawData(name));
    }

    /**
     * Reads an integer or boolean tensor as longs (U8 is read unsigned).
     *
     * @param name a tensor name
     * @return its elements in row-major order
     * @throws ai.tvlt.core.error.InvalidInputException for a floating-point tensor
     */
    default long[] readLongs(String name) {
        return TensorDecoding.toLongs(info(name), rawData(name));
    }

    /**
     * Reads a U8, I8 or BOOL tensor's bytes as they are.
     *
     * @param name a tensor name
     * @return a fresh copy of the bytes
     * @throws ai.tvlt.core.error.InvalidInputException for wider dtypes
     */
    default byte[] readBytes(String name) {
        return TensorDecoding.toBytes(info(name), rawData(name));
    }

    @Override
    void close();
}
