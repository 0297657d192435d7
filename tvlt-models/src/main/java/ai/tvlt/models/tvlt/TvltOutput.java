package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeMatrix;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;

/**
 * The MLP's second layer ({@code output.dense}) with the second residual connection: the GEMM
 * accumulates into the residual stream, then a row pass adds the bias, per parallel row block.
 * Immutable and thread-safe.
 */
public final class TvltOutput implements AutoCloseable {

    private final Linear dense;

    private TvltOutput(Linear dense) {
        this.dense = dense;
    }

    /**
     * @param p binding at {@code ...layer.<i>.output.}
     * @param dims layer sizes
     * @return the bound module
     */
    public static TvltOutput bind(ParameterBinding p, LayerDims dims) {
        int d = dims.hiddenSize();
        int i = dims.intermediateSize();
        return new TvltOutput(new Linear(p.matrix("dense.weight", d, i),
                p.floats("dense.bias", d), dims.precision()));
    }

    /**
     * {@code ws.hidden() += ws.intermediate() W^T + b}.
     *
     * @param ws the workspace
     */
    public void forward(LayerWorkspace ws) {
        RowParallel.forEachSampleChunk(ws.batch(), ws.seqLen(), dense.chunks(ws.seqLen()), (from, to) -> forward(ws, from, to));
    }

    /**
     * {@link #forward(LayerWorkspace)} on rows [from, to) only, on the calling thread.
     *
     * @param ws the workspace
     * @param from first row
     * @param to end row (exclusive)
     */
    public void forward(LayerWorkspace ws, int from, int to) {
        NativeRows rows = NativeRows.of(ws.hidden());
        dense.multiply(NativeMatrix.of(ws.intermediate()).rows(from, to - from),
                NativeMatrix.of(ws.hidden()).rows(from, to - from), true);
        float[] bias = dense.bias();
        int n = rows.cols();
        float[] row = new float[n];
        for (int r = from; r < to; r++) {
            rows.read(r, row);
            for (int j = 0; j < n; j++) {
                row[j] += bias[j];
            }
            rows.write(r, row);
        }
    }

    @Override
    public void close() {
        dense.close();
    }
}
