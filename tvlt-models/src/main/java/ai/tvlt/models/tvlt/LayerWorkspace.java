package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.RowParallel;
import ai.tvlt.models.nn.Softmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native scratch arrays of one forward pass through a stack of {@link TvltLayer}s for a fixed batch
 * size and sequence length: allocated once and reused by every layer and every later forward of the same
 * shape, so a forward allocates no large array (ND4J allocation dominates otherwise; without reuse,
 * native memory grows by gigabytes before the garbage collector frees it).
 *
 * <p>Attention never materialises the [heads, S, S] scores: each parallel lane ({@link RowParallel})
 * attends one head at a time over blocks of queries, with its own transposed [S, block] score array
 * (at most 8 MB) and softmax scratch. Used by one forward at a time; {@link #close()} frees the memory.
 */
public final class LayerWorkspace implements AutoCloseable {

    /**
     * Score block size target, in floats: 2M floats = 8 MB per lane, two blocks of 1001 queries at 2001
     * tokens. The attention products run a little faster on wider blocks (K = head_dim = 64 leaves
     * them short of work per call): blocks of 1001 queries took 0.95x the CPU time of blocks of 501
     * (single thread, 12 heads of 2001 tokens, loaded machine), 2001 about the same as 1001.
     */
    private static final int SCORE_BLOCK_FLOATS = 1 << 21;

    private final LayerDims dims;
    private final int batch;
    private final int seqLen;
    private final int blockRows;
    private final INDArray hidden;
    private final INDArray normed;
    private final INDArray qkv;
    private final INDArray context;
    private final INDArray intermediate;
    private final INDArray[] laneScores;
    private final Softmax[] laneSoftmax;

    /**
     * @param dims the layer sizes
     * @param batch batch size
     * @param seqLen tokens per sample
     */
    public LayerWorkspace(LayerDims dims, int batch, int seqLen) {
        this.dims = dims;
        this.batch = batch;
        this.seqLen = seqLen;
        int rows = batch * seqLen;
        int d = dims.hiddenSize();
        int maxBlockRows = Math.max(1, Math.min(seqLen, SCORE_BLOCK_FLOATS / Math.max(1, seqLen)));
        int blocks = (seqLen + maxBlockRows - 1) / maxBlockRows;
        this.blockRows = Math.max(1, (seqLen + blocks - 1) / blocks);
        this.hidden = Nd4j.create(DataType.FLOAT, rows, d);
        this.normed = Nd4j.create(DataType.FLOAT, rows, d);
        this.qkv = Nd4j.create(DataType.FLOAT, rows, 3L * d);
        this.context = Nd4j.create(DataType.FLOAT, rows, d);
        this.intermediate = Nd4j.create(DataType.FLOAT, rows, dims.intermediateSize());
        int lanes = RowParallel.lanes();
        this.laneScores = new INDArray[lanes];
        this.laneSoftmax = new Softmax[lanes];
        for (int lane = 0; lane < lanes; lane++) {
            laneScores[lane] = Nd4j.create(DataType.FLOAT, Math.max(1, seqLen), blockRows);
            laneSoftmax[lane] = new Softmax(blockRows);
        }
    }

    /** @return the sizes this workspace was made for */
    public LayerDims dims() {
        return dims;
    }

    /** @return batch size */
    public int batch() {
        return batch;
    }

    /** @return tokens per sample */
    public int seqLen() {
        return seqLen;
    }

    /** @return batch * seqLen */
    public int rows() {
        return batch * seqLen;
    }

    /** @return query rows per attention block */
    public int blockRows() {
        return blockRows;
    }

    /** @return the residual stream [B*S, D], updated in place by every layer */
    public INDArray hidden() {
        return hidden;
    }

    /** @return LayerNorm output [B*S, D] */
    public INDArray normed() {
        return normed;
    }

    /** @return fused query/key/value projections [B*S, 3D] */
    public INDArray qkv() {
        return qkv;
    }

    /** @return attention context, heads concatenated [B*S, D] */
    public INDArray context() {
        return context;
    }

    /** @return MLP activations [B*S, I] */
    public INDArray intermediate() {
        return intermediate;
    }

    /** @return the number of parallel lanes this workspace has scratch for */
    public int lanes() {
        return laneScores.length;
    }

    /**
     * @param lane a {@link RowParallel} lane index
     * @return that lane's transposed score array [S, {@link #blockRows()}] (row j: key j's scores for
     *     a block of queries)
     */
    public INDArray laneScores(int lane) {
        return laneScores[lane];
    }

    /**
     * @param lane a {@link RowParallel} lane index
     * @return that lane's softmax scratch for blocks of {@link #blockRows()} queries
     */
    public Softmax laneSoftmax(int lane) {
        return laneSoftmax[lane];
    }

    /**
     * @param dims layer sizes
     * @param batch batch size
     * @param seqLen tokens per sample
     * @return whether this workspace serves that shape
     */
    public boolean fits(LayerDims dims, int batch, int seqLen) {
        return this.dims.equals(dims) && this.batch == batch && this.seqLen == seqLen;
    }

    @Override
    public void close() {
        hidden.close();
        normed.close();
        qkv.close();
        context.close();
        intermediate.close();
        for (INDArray scores : laneScores) {
            scores.close();
        }
    }
}
