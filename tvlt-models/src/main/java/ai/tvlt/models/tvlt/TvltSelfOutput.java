package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeMatrix;

/**
 * The attention output projection ({@code attention.output.dense}). As in the reference, the residual
 * connection belongs to {@link TvltLayer}; here it is folded into the GEMM ({@code hidden += ctx W^T})
 * and the bias is added by the LayerNorm pass that follows. Immutable and thread-safe.
 */
public final class TvltSelfOutput implements AutoCloseable {

    private final Linear dense;

    private TvltSelfOutput(Linear dense) {
        this.dense = dense;
    }

    /**
     * @param p binding at {@code ...attention.output.}
     * @param dims layer sizes
     * @return the bound module
     */
    public static TvltSelfOutput bind(ParameterBinding p, LayerDims dims) {
        int d = dims.hiddenSize();
        return new TvltSelfOutput(new Linear(p.matrix("dense.weight", d, d),
                p.floats("dense.bias", d), dims.precision()));
    }

    /**
     * {@code ws.hidden() += ws.context() W^T}; the caller adds {@link #bias()}.
     *
     * @param ws the workspace
     */
    public void accumulateInto(LayerWorkspace ws) {
        dense.accumulate(ws.context(), ws.hidden());
    }

    /**
     * {@link #accumulateInto(LayerWorkspace)} on rows [from, to) only, on the calling thread.
     *
     * @param ws the workspace
     * @param from first row
     * @param to end row (exclusive)
     */
    public void accumulateInto(LayerWorkspace ws, int from, int to) {
        dense.multiply(NativeMatrix.of(ws.context()).rows(from, to - from),
                NativeMatrix.of(ws.hidden()).rows(from, to - from), true);
    }

    /** @return the projection bias, still to be added to the residual stream */
    public float[] bias() {
        return dense.bias();
    }

    @Override
    public void close() {
        dense.close();
    }
}
