package ai.tvlt.models.nn;

import ai.tvlt.core.error.InvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b}. The weight stays in the reference's [out, in] layout
 * in native memory (the transpose is a free GEMM flag); the product is written into a caller-owned,
 * preallocated output, and the bias is left to the caller's next fused row pass
 * ({@link #bias()}), which saves a pass over the output. Immutable after construction, thread-safe;
 * {@link #close()} frees the native weight.
 */
public final class Linear implements AutoCloseable {

    private final INDArray weight;
    private final float[] bias;

    /**
     * @param weight a C-ordered float32 [out, in] array, owned by this object from now on
     * @param bias the bias (length out, owned), or null for none
     */
    public Linear(INDArray weight, float[] bias) {
        if (weight.rank() != 2 || weight.dataType() != DataType.FLOAT) {
            throw new InvalidInputException("Linear weight must be a float32 matrix, got " + weight.shapeInfoToString());
        }
        if (bias != null && bias.length != weight.size(0)) {
            throw new InvalidInputException("Linear bias has " + bias.length + " elements for " + weight.size(0)
                    + " outputs");
        }
        this.weight = weight;
        this.bias = bias == null ? new float[(int) weight.size(0)] : bias;
    }

    /** @return output features */
    public int outFeatures() {
        return (int) weight.size(0);
    }

    /** @return input features */
    public int inFeatures() {
        return (int) weight.size(1);
    }

    /** @return the bias (zeros when the layer has none); callers must not modify it */
    public float[] bias() {
        return bias;
    }

    /**
     * {@code out = x W^T} (no bias).
     *
     * @param x [rows, in] (a C-ordered array or row view)
     * @param out [rows, out], a contiguous C-ordered array (not a view)
     */
    public void project(INDArray x, INDArray out) {
        Nd4j.gemm(x, weight, out, false, true, 1.0, 0.0);
    }

    /**
     * {@code out += x W^T} (no bias): the residual connection folded into the product.
     *
     * @param x [rows, in]
     * @param out [rows, out], a contiguous C-ordered array holding the residual
     */
    public void accumulate(INDArray x, INDArray out) {
        Nd4j.gemm(x, weight, out, false, true, 1.0, 1.0);
    }

    @Override
    public void close() {
        weight.close();
    }
}
