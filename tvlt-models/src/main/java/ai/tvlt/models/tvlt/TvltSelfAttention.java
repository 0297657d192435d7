package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeMatrix;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import ai.tvlt.models.nn.Sgemm;
import ai.tvlt.models.nn.Softmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head self-attention ({@code attention.attention.{query,key,value}}): {@code softmax(q k^T /
 * sqrt(head_dim) + mask) v}. The three projections are one fused [3D, D] GEMM (their weights are
 * copied once into consecutive rows), computed in parallel row blocks with the bias added right after
 * each block. Attention runs one (sample, head, block of queries) per parallel task, so the
 * [heads, S, S] score tensor never exists: transposed scores of a block, their exponentials (a Java
 * pass, see {@link Softmax} for why transposed), the product with the values written straight into
 * the head's columns of the context, then the softmax normalisation applied to those context rows
 * (mathematically the same as normalising the probabilities first). Immutable and thread-safe (all
 * per-call state is in the {@link LayerWorkspace}).
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
        return new TvltSelfAttention(dims, new Linear(fused, bias, dims.precision()));
    }

    /**
     * Computes the attention context of {@code ws.normed()} into {@code ws.context()}.
     *
     * @param ws the workspace
     * @param additiveMask per-key additions [B*S] (0 or {@link Softmax#MASKED}), or null
     * @param attentionsOut when not null, receives the probabilities [B, heads, S, S]
     */
    public void forward(LayerWorkspace ws, float[] additiveMask, float[] attentionsOut) {
        NativeMatrix normed = NativeMatrix.of(ws.normed());
        NativeMatrix projections = NativeMatrix.of(ws.qkv());
        NativeRows projectionRows = NativeRows.of(ws.qkv());
        float[] bias = qkv.bias();
        RowParallel.forEachSampleChunk(ws.batch(), ws.seqLen(), qkv.chunks(ws.seqLen()), (from, to) -> {
            qkv.multiply(normed.rows(from, to - from), projections.rows(from, to - from), false);
            addBias(projectionRows, from, to, bias);
        });
        NativeMatrix context = NativeMatrix.of(ws.context());
        int heads = dims.numHeads();
        if (RowParallel.lanes() > ws.lanes()) {
            throw new IllegalStateException("workspace made for " + ws.lanes() + " lanes, pool has " + RowParallel.lanes());
        }
        // one task per (sample, head, query block), not per head: a lane that another process slows
        // down holds back at most one block at the end, not one head
        int blocks = (ws.seqLen() + ws.blockRows() - 1) / ws.blockRows();
        RowParallel.forEachTask(ws.batch() * heads * blocks, (lane, task) -> {
            int pair = task / blocks;
            attendBlock(ws, lane, pair / heads, pair % heads, task % blocks * ws.blockRows(), projections, context,
                    additiveMask, attentionsOut);
        });
    }

    /**
     * Attention of one block of queries of one head of one sample, on the lane's own scratch: transposed
     * scores {@code K Q^T} [S, block], their exponentials ({@link Softmax}), the product with the
     * values straight into the head's columns of the context, then each context row scaled by its
     * softmax normaliser.
     */
    private void attendBlock(LayerWorkspace ws, int lane, int b, int h, int q0, NativeMatrix projections,
            NativeMatrix context, float[] additiveMask, float[] attentionsOut) {
        int s = ws.seqLen();
        int d = dims.hiddenSize();
        int hd = dims.headDim();
        int row0 = b * s;
        int queries = Math.min(ws.blockRows(), s - q0);
        NativeMatrix keys = projections.block(row0, s, d + h * hd, hd);
        NativeMatrix values = projections.block(row0, s, 2 * d + h * hd, hd);
        // dense [S, queries]: the softmax then runs over long contiguous runs of rows
        NativeMatrix block = NativeMatrix.of(ws.laneScores(lane)).dense(s, queries);
        NativeRows scoreRows = NativeRows.of(ws.laneScores(lane)).withRowLength(queries);
        Softmax softmax = ws.laneSoftmax(lane);
        Sgemm.multiply(keys, false, projections.block(row0 + q0, queries, h * hd, hd), true, block, scale, 0f);
        softmax.exponentiate(scoreRows, s, queries, additiveMask, row0);
        Sgemm.multiply(block, true, values, false, context.block(row0 + q0, queries, h * hd, hd), 1f, 0f);
        float[] inverseSums = softmax.inverseSums();
        NativeRows contextRows = NativeRows.of(ws.context());
        float[] contextRow = new float[hd];
        for (int q = 0; q < queries; q++) {
            contextRows.read(row0 + q0 + q, h * hd, contextRow, 0, hd);
            float inv = inverseSums[q];
            for (int k = 0; k < hd; k++) {
                contextRow[k] *= inv;
            }
            contextRows.write(row0 + q0 + q, h * hd, contextRow, 0, hd);
        }
        if (attentionsOut != null) {
            copyProbabilities(scoreRows, s, queries, inverseSums, attentionsOut,
                    (((long) b * dims.numHeads() + h) * s + q0) * s);
        }
    }

    /** Writes {@code e[j][q] / sum_q} of a transposed block to probabilities laid out [query, key]. */
    private static void copyProbabilities(NativeRows scores, int keys, int queries, float[] inverseSums, float[] out,
            long outOffset) {
        float[] row = new float[queries];
        for (int j = 0; j < keys; j++) {
            scores.read(j, 0, row, 0, queries);
            for (int q = 0; q < queries; q++) {
                out[(int) (outOffset + (long) q * keys + j)] = row[q] * inverseSums[q];
            }
        }
    }

    private static void addBias(NativeRows rows, int from, int to, float[] bias) {
        float[] row = new float[rows.cols()];
        for (int r = from; r < to; r++) {
            rows.read(r, row);
            for (int j = 0; j < row.length; j++) {
                row[j] += bias[j];
            }
            rows.write(r, row);
        }
    }

    @Override
    public void close() {
        qkv.close();
    }
}
