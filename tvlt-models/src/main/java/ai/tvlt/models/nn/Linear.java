package ai.tvlt.models.nn;

import ai.tvlt.core.error.InvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b}. The weight stays in the reference's [out, in] layout
 * in native memory (the transpose is a free GEMM flag); the product is written into a caller-owned,
 * preallocated output, and the bias is left to the caller's next fused row pass
 * ({@link #bias()}), which saves a pass over the output.
 *
 * <p>The whole-matrix products split the rows into one block per {@link RowParallel} lane, each a
 * single-threaded {@link Sgemm}; callers that fuse a row pass with the product use the block form
 * {@link #multiply(NativeMatrix, NativeMatrix, boolean)} inside their own parallel loop. Immutable
 * after construction, thread-safe; {@link #close()} frees the native weight.
 *
 * <p>In {@link Precision#BF16} the weight is held as bfloat16 only and the product runs in
 * {@link Bf16Matmul}; everything else (bias, shapes, blocking) is the same.
 */
public final class Linear implements AutoCloseable {

    /**
     * Rows per parallel block. Each BLAS call packs all of W again, so blocks must be large; but at least
     * two blocks per lane let a lane that runs ahead take over work from one that another process on the
     * machine has slowed down (measured at 2001 rows: same CPU time as one block per lane, 15-20% less
     * wall time under load).
     */
    private static final int ROWS_PER_CHUNK = 512;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long MIN_PARALLEL_MACS = 1L << 22;

    /** The float32 weight (fp32 precision), or null when the weight is held in bf16 only. */
    private final INDArray weight;
    private final NativeMatrix weightMatrix;
    /** The bf16 weight and its products (bf16 precision), or null in fp32. */
    private final Bf16Matmul bf16;
    private final int outFeatures;
    private final int inFeatures;
    private final float[] bias;

    /**
     * @param weight a C-ordered float32 [out, in] array, owned by this object from now on
     * @param bias the bias (length out, owned), or null for none
     */
    public Linear(INDArray weight, float[] bias) {
        this(weight, bias, Precision.FP32);
    }

    /**
     * @param weight a C-ordered float32 [out, in] array, owned by this object from now on (in
     *     {@link Precision#BF16} it is rounded to a native bf16 copy and closed, so one copy remains)
     * @param bias the bias (length out, owned), or null for none
     * @param precision the arithmetic of the product
     */
    public Linear(INDArray weight, float[] bias, Precision precision) {
        if (weight.rank() != 2 || weight.dataType() != DataType.FLOAT) {
            throw new InvalidInputException("Linear weight must be a float32 matrix, got " + weight.shapeInfoToString());
        }
        if (bias != null && bias.length != weight.size(0)) {
            throw new InvalidInputException("Linear bias has " + bias.length + " elements for " + weight.size(0)
                    + " outputs");
        }
        this.outFeatures = (int) weight.size(0);
        this.inFeatures = (int) weight.size(1);
        this.bias = bias == null ? new float[outFeatures] : bias;
        if (precision == Precision.BF16) {
            try (weight) {
                this.bf16 = new Bf16Matmul(NativeMatrix.of(weight), outFeatures, inFeatures);
            }
            this.weight = null;
            this.weightMatrix = null;
        } else {
            this.bf16 = null;
            this.weight = weight;
            this.weightMatrix = NativeMatrix.of(weight);
        }
    }

    /** @return output features */
    public int outFeatures() {
        return outFeatures;
    }

    /** @return input features */
    public int inFeatures() {
        return inFeatures;
    }

    /** @return the bias (zeros when the layer has none); callers must not modify it */
    public float[] bias() {
        return bias;
    }

    /**
     * {@code out = x W^T} (no bias), in parallel row blocks.
     *
     * @param x [rows, in], a contiguous C-ordered array
     * @param out [rows, out], a contiguous C-ordered array
     */
    public void project(INDArray x, INDArray out) {
        multiplyParallel(NativeMatrix.of(x), NativeMatrix.of(out), false);
    }

    /**
     * {@code out = x W^T} (no bias) for a batch whose samples own equal, consecutive row ranges: each sample's
     * rows are split as they would be alone ({@link RowParallel#forEachSampleChunk}), so a sample's result
     * does not depend on the rest of the batch.
     *
     * @param x [samples * rowsPerSample, in], a contiguous C-ordered array
     * @param out [samples * rowsPerSample, out], a contiguous C-ordered array
     * @param samples number of samples (a divisor of the rows)
     */
    public void projectPerSample(INDArray x, INDArray out, int samples) {
        NativeMatrix in = NativeMatrix.of(x);
        NativeMatrix result = NativeMatrix.of(out);
        if (in.rows() != result.rows() || samples < 1 || in.rows() % samples != 0) {
            throw new InvalidInputException("Linear input has " + in.rows() + " rows, the output " + result.rows()
                    + ", for " + samples + " samples");
        }
        int rowsPerSample = in.rows() / samples;
        RowParallel.forEachSampleChunk(samples, rowsPerSample, chunks(rowsPerSample),
                (from, to) -> multiply(in.rows(from, to - from), result.rows(from, to - from), false));
    }

    /**
     * {@code out += x W^T} (no bias): the residual connection folded into the product.
     *
     * @param x [rows, in], a contiguous C-ordered array
     * @param out [rows, out], a contiguous C-ordered array holding the residual
     */
    public void accumulate(INDArray x, INDArray out) {
        multiplyParallel(NativeMatrix.of(x), NativeMatrix.of(out), true);
    }

    /**
     * {@code out = x W^T} or {@code out += x W^T} on the calling thread (BLAS single-threaded), for a
     * block of rows inside a caller's parallel loop.
     *
     * @param x [rows, in]
     * @param out [rows, out]
     * @param accumulate whether to add to out instead of overwriting it
     */
    public void multiply(NativeMatrix x, NativeMatrix out, boolean accumulate) {
        if (bf16 != null) {
            bf16.multiply(x, out, accumulate);
            return;
        }
        Sgemm.multiply(x, false, weightMatrix, true, out, 1f, accumulate ? 1f : 0f);
    }

    /**
     * How many row blocks a parallel product over {@code rows} rows should use: one per lane, more for
     * very tall inputs, one when the product is too small to share.
     *
     * @param rows rows of the input
     * @return the number of blocks
     */
    public int chunks(int rows) {
        if ((long) rows * inFeatures() * outFeatures() < MIN_PARALLEL_MACS) {
            return 1;
        }
        int lanes = RowParallel.lanes();
        return lanes * Math.max(1, (rows + lanes * ROWS_PER_CHUNK - 1) / (lanes * ROWS_PER_CHUNK));
    }

    private void multiplyParallel(NativeMatrix x, NativeMatrix out, boolean accumulate) {
        if (x.rows() != out.rows()) {
            throw new InvalidInputException("Linear input has " + x.rows() + " rows but the output " + out.rows());
        }
        RowParallel.forEachChunk(x.rows(), chunks(x.rows()),
                (from, to) -> multiply(x.rows(from, to - from), out.rows(from, to - from), accumulate));
    }

    @Override
    public void close() {
        if (bf16 != null) {
            bf16.close();
        } else {
            weight.close();
        }
    }
}
