package ai.tvlt.models.nn;

import ai.tvlt.core.error.InvalidInputException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.nn.LayerNorm} over the last dimension: biased variance, {@code eps} inside the square
 * root, then {@code * weight + bias}. Mean and variance are accumulated in float64 (two passes), which is
 * at least as accurate as the reference's float32 kernel. Immutable and thread-safe; its parameters
 * are small and live on the heap.
 */
public final class LayerNorm {

    private final float[] weight;
    private final float[] bias;
    private final double eps;

    /**
     * @param weight the scale (gamma), owned by this object from now on
     * @param bias the shift (beta), same length
     * @param eps the variance epsilon ({@code layer_norm_eps})
     */
    public LayerNorm(float[] weight, float[] bias, double eps) {
        if (weight.length != bias.length) {
            throw new InvalidInputException("LayerNorm weight has " + weight.length + " elements but bias has "
                    + bias.length);
        }
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
    }

    /** @return the normalised width */
    public int width() {
        return weight.length;
    }

    /**
     * Normalises {@code src[0..width)} into {@code dst[0..width)} (they may be the same array).
     *
     * @param src input row
     * @param dst output row
     */
    public void normalize(float[] src, float[] dst) {
        int n = weight.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += src[i];
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = src[i] - mean;
            sq += d * d;
        }
        float rstd = (float) (1.0 / Math.sqrt(sq / n + eps));
        float m = (float) mean;
        for (int i = 0; i < n; i++) {
            dst[i] = (src[i] - m) * rstd * weight[i] + bias[i];
        }
    }

    /**
     * Normalises every row of {@code src} into {@code dst}. When {@code pendingBias} is given it is first
     * added to each source row, and the sum is written back to {@code src}: this fuses the bias of a
     * preceding projection (whose GEMM accumulated into src) with the normalisation.
     *
     * @param src [rows, width] contiguous C-ordered float32
     * @param dst [rows, width] contiguous C-ordered float32 (may be src when pendingBias is null)
     * @param pendingBias a bias to add to src first, or null
     */
    public void apply(INDArray src, INDArray dst, float[] pendingBias) {
        checkWidths(src, dst);
        RowParallel.forEach((int) src.size(0), weight.length,
                (from, to, row) -> applyRows(NativeRows.of(src), NativeRows.of(dst), pendingBias, from, to, row));
    }

    /**
     * {@link #apply(INDArray, INDArray, float[])} on rows [from, to) only, on the calling thread: for a
     * caller that runs a whole chain of row-wise steps per parallel row block.
     *
     * @param src [rows, width] contiguous C-ordered float32
     * @param dst [rows, width] contiguous C-ordered float32
     * @param pendingBias a bias to add to src first, or null
     * @param from first row
     * @param to end row (exclusive)
     */
    public void apply(INDArray src, INDArray dst, float[] pendingBias, int from, int to) {
        checkWidths(src, dst);
        applyRows(NativeRows.of(src), NativeRows.of(dst), pendingBias, from, to, new float[weight.length]);
    }

    private void checkWidths(INDArray src, INDArray dst) {
        int n = weight.length;
        long srcCols = src.size(src.rank() - 1);
        long dstCols = dst.size(dst.rank() - 1);
        if (srcCols != n || dstCols != n) {
            throw new InvalidInputException("LayerNorm of width " + n + " applied to rows of " + srcCols + " and "
                    + dstCols);
        }
    }

    private void applyRows(NativeRows in, NativeRows out, float[] pendingBias, int from, int to, float[] row) {
        int n = weight.length;
        for (int r = from; r < to; r++) {
            in.read(r, row);
            if (pendingBias != null) {
                for (int j = 0; j < n; j++) {
                    row[j] += pendingBias[j];
                }
                in.write(r, row);
            }
            normalize(row, row);
            out.write(r, row);
        }
    }
}
