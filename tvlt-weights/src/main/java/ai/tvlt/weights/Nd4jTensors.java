package ai.tvlt.weights;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.TensorInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads tensors of a {@link TensorStore} straight into ND4J arrays for the model code. The bytes are
 * decoded from the (memory-mapped) store into the array's native buffer: no intermediate Java array,
 * so loading a checkpoint holds one copy of each weight. Stateless and thread-safe.
 */
public final class Nd4jTensors {

    private Nd4jTensors() {
    }

    /**
     * Reads a tensor of any dtype as a float32, C-ordered array with the tensor's shape (a rank-0
     * tensor gives a scalar). F16 and BF16 are widened exactly, F64 rounded to nearest, integers
     * converted.
     *
     * @param store the store
     * @param name a tensor name
     * @return a new array the caller owns (close it to free its native memory early)
     * @throws ai.tvlt.core.error.InvalidInputException when the name is absent or the tensor does not
     *     fit in one Java buffer
     */
    public static INDArray readFloatArray(TensorStore store, String name) {
        TensorInfo info = store.info(name);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, info.shape(), 'c');
        if (info.numel() > 0) {
            TensorDecoding.decodeFloats(info, store.rawData(name), out.data().asNioFloat());
        }
        return out;
    }

    /**
     * Reads an integer or boolean tensor as an int64, C-ordered array with the tensor's shape.
     *
     * @param store the store
     * @param name a tensor name
     * @return a new array the caller owns
     * @throws ai.tvlt.core.error.InvalidInputException when the name is absent or the tensor is
     *     floating-point
     */
    public static INDArray readLongArray(TensorStore store, String name) {
        TensorInfo info = store.info(name);
        if (info.dtype().isFloatingPoint()) {
            throw new InvalidInputException("tensor '" + name + "' has dtype " + info.dtype()
                    + "; an integer or boolean tensor was expected");
        }
        INDArray out = Nd4j.createUninitialized(DataType.INT64, info.shape(), 'c');
        if (info.numel() > 0) {
            TensorDecoding.decodeLongs(info, store.rawData(name), out.data().asNioLong());
        }
        return out;
    }
}
