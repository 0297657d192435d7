package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import ai.tvlt.models.nn.Softmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head self-attention ({@code attention.attention.{query,key,value}}): {@code softmax(q k^T /
 * sqrt(head_dim) + mask) v}. The three projections are one fused [3D, D] GEMM (their weights are
 * copied once into consecutive rows). Attention runs per sample, head and block of query rows, so
 * the [heads, S, S] score tensor never exists; the softmax of a block is a fused Java row pass.
 * Immutable and thread-safe (all per-call state is in the {@link LayerWorkspace}).
 */
public final class TvltSelfAttention implements AutoCloseable {

    private final LayerDims dims;
    private final Linear qkv;
    private final float scale;

    private TvltSelfAttention(LayerDims dims, Linear qkv) {
        this.dims = dims;
        this.qkv = qkv;
        this.scale = (float) (1.0 / Math.sqrt(dims.headDim()));
    }

    /**
     * @param p binding at {@code ...attention.attention.}
     * @param dims layer sizes
     * @return the bound module
     */
    public static TvltSelfAttention bind(ParameterBinding p, LayerDims dims) {
        int d = dims.hiddenSize();
        INDArray fused = Nd4j.create(DataType.FLOAT, 3L * d, d);
        float[] bias = new float[3 * d];
        String[] names = {"query", "key", "value"};
        for (int i = 0; i < 3; i++) {
            p.matrixInto(names[i] + ".weight", fused, i * d, d, d);
            if (dims.qkvBias()) {
                System.arraycopy(p.floats(names[i] + ".bias", d), 0, bias, i * d, d);
            }
        }
        return new TvltSelfAttention(dims, new Linear(fused, bias));
    }

    /**
     * Computes the attention context of {@code ws.normed()} into {@code ws.context()}.
     *
     * @param ws the workspace
     * @param additiveMask per-key additions [B*S] (0 or {@link Softmax#MASKED}), or null
     * @param attentionsOut when not null, receives the probabilities [B, heads, S, S]
     */
    public void forward(LayerWorkspace ws, float[] additiveMask, float[] attentionsOut) {
        INDArray qkvOut = ws.qkv();
        qkv.project(ws.normed(), qkvOut);
        addBias(qkvOut, qkv.bias());
        for (int b = 0; b < ws.batch(); b++) {
            for (int h = 0; h < dims.numHeads(); h++) {
                attendHead(ws, b, h, additiveMask, attentionsOut);
            }
        }
    }

    private void attendHead(LayerWorkspace ws, int b, int h, float[] additiveMask, float[] attentionsOut) {
        int s = ws.seqLen();
        int d = dims.hiddenSize();
        int hd = dims.headDim();
        INDArray qkvOut = ws.qkv();
        long row0 = (long) b * s;
        INDArray keys = qkvOut.get(NDArrayIndex.interval(row0, row0 + s), NDArrayIndex.interval(d + h * hd, d + (h + 1) * hd));
        INDArray values = qkvOut.get(NDArrayIndex.interval(row0, row0 + s),
                NDArrayIndex.interval(2L * d + h * hd, 2L * d + (h + 1) * hd));
        NativeRows context = NativeRows.of(ws.context());
        for (int r0 = 0; r0 < s; r0 += ws.blockRows()) {
            int rows = Math.min(ws.blockRows(), s - r0);
            INDArray queries = qkvOut.get(NDArrayIndex.interval(row0 + r0, row0 + r0 + rows),
                    NDArrayIndex.interval(h * hd, (h + 1) * hd));
            INDArray scores = ws.scoreBlock(rows);
            Nd4j.gemm(queries, keys, scores, false, true, scale, 0.0);
            softmaxRows(scores, rows, s, additiveMask, b * s, attentionsOut,
                    attentionsOut == null ? 0 : (((long) b * dims.numHeads() + h) * s + r0) * s);
            INDArray ctx = ws.contextBlock(rows);
            Nd4j.gemm(scores, values, ctx, false, false, 1.0, 0.0);
            NativeRows ctxRows = NativeRows.of(ctx);
            float[] row = new float[hd];
            for (int i = 0; i < rows; i++) {
                ctxRows.read(i, row);
                context.write((int) row0 + r0 + i, h * hd, row, 0, hd);
            }
        }
    }

    private static void softmaxRows(INDArray scores, int rows, int s, float[] additiveMask, int maskOffset,
            float[] attentionsOut, long outOffset) {
        NativeRows access = NativeRows.of(scores);
        RowParallel.forEach(rows, s, (from, to, row) -> {
            for (int i = from; i < to; i++) {
                access.read(i, row);
                Softmax.inPlace(row, additiveMask, maskOffset, s);
                access.write(i, row);
                if (attentionsOut != null) {
                    System.arraycopy(row, 0, attentionsOut, (int) (outOffset + (long) i * s), s);
                }
            }
        });
    }

    private static void addBias(INDArray matrix, float[] bias) {
        NativeRows access = NativeRows.of(matrix);
        int n = access.cols();
        RowParallel.forEach((int) matrix.size(0), n, (from, to, row) -> {
            for (int i = from; i < to; i++) {
                access.read(i, row);
                for (int j = 0; j < n; j++) {
                    row[j] += bias[j];
                }
                access.write(i, row);
            }
        });
    }

    @Override
    public void close() {
        qkv.close();
    }
}
