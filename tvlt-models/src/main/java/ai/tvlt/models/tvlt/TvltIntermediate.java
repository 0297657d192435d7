package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Activation;
import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeMatrix;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;

/**
 * The MLP's first layer ({@code intermediate.dense}) and the config's {@code hidden_act} (exact erf GELU
 * by default), fused with the bias in one row pass that follows each parallel row block's product.
 * Immutable and thread-safe.
 */
public final class TvltIntermediate implements AutoCloseable {

    private final Linear dense;
    private final Activation activation;

    private TvltIntermediate(Linear dense, Activation activation) {
        this.dense = dense;
        this.activation = activation;
    }

    /**
     * @param p binding at {@code ...layer.<i>.intermediate.}
     * @param dims layer sizes
     * @return the bound module
     */
    public static TvltIntermediate bind(ParameterBinding p, LayerDims dims) {
        int d = dims.hiddenSize();
        int i = dims.intermediateSize();
        return new TvltIntermediate(new Linear(p.matrix("dense.weight", i, d), p.floats("dense.bias", i), dims.precision()),
                dims.activation());
    }

    /**
     * {@code ws.intermediate() = act(ws.normed() W^T + b)}, in parallel row blocks.
     *
     * @param ws the workspace
     */
    public void forward(LayerWorkspace ws) {
        RowParallel.forEachSampleChunk(ws.batch(), ws.seqLen(), chunks(ws.seqLen()), (from, to) -> forward(ws, from, to));
    }

    /**
     * {@link #forward(LayerWorkspace)} on rows [from, to) only, on the calling thread.
     *
     * @param ws the workspace
     * @param from first row
     * @param to end row (exclusive)
     */
    public void forward(LayerWorkspace ws, int from, int to) {
        NativeRows rows = NativeRows.of(ws.intermediate());
        dense.multiply(NativeMatrix.of(ws.normed()).rows(from, to - from),
                NativeMatrix.of(ws.intermediate()).rows(from, to - from), false);
        float[] bias = dense.bias();
        int n = rows.cols();
        float[] row = new float[n];
        float[] workT = new float[n];
        float[] workE = new float[n];
        for (int r = from; r < to; r++) {
            rows.read(r, row);
            activation.applyWithBias(row, bias, n, workT, workE);
            rows.write(r, row);
        }
    }

    /**
     * @param rows rows of the input
     * @return how many parallel row blocks a product of this size should use ({@link Linear#chunks})
     */
    public int chunks(int rows) {
        return dense.chunks(rows);
    }

    @Override
    public void close() {
        dense.close();
    }
}
