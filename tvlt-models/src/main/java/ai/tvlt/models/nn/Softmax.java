package ai.tvlt.models.nn;

/**
 * Softmax of attention scores over the keys, with the reference's optional additive key mask, on a
 * <em>transposed</em> score block: row j of the block holds key j's scores for a block of queries, so
 * each query is a column.
 *
 * <p>The mask is added to the scaled scores before the maximum is taken, exactly as
 * {@code scores + (1 - m) * finfo(float32).min} in the reference: a query whose keys are all masked
 * therefore has equal scores and gets uniform attention.
 *
 * <p>Why transposed: HotSpot C2 (JDK 17) vectorises a loop only when every array in it is indexed by
 * the same expression, and never vectorises a reduction such as a running maximum or sum. With queries
 * as columns, the maximum and the sum over keys become element-wise loops ({@code max[i] =
 * max(max[i], s[i])}) that vectorise, with no scalar reduction at all. The normalisation is left to
 * the caller, who scales the much smaller product with the values by {@link #inverseSums()} instead of
 * every probability.
 *
 * <p>Why by chunks of whole rows: the block's rows are consecutive ({@code queries} values each), so a
 * chunk of several rows is one contiguous run that is copied to the heap in one call and processed by
 * one long loop. C2's vector loops start and end with scalar iterations (alignment, remainder), and a
 * scalar exponential costs ten times a vectorised one, so loops over a single row of a few hundred
 * queries spent much of their time there; one loop over a chunk of thousands of values does not (the
 * softmax took 0.8 instead of 1.0 ns per score at 501 queries, 0.7 instead of 1.6 at 128). The maximum
 * and the sum are kept per chunk position, {@code acc[r * queries + q]}, and folded over the chunk's
 * rows once per block, which changes only the order of the sum's additions.
 *
 * <p>An instance holds the scratch for blocks of up to a given number of queries and is used by one
 * thread at a time.
 */
public final class Softmax {

    /** {@code torch.finfo(torch.float32).min}, the reference's additive value for a masked key. */
    public static final float MASKED = -Float.MAX_VALUE;

    /** Loops over one row run over whole multiples of this many queries (padding lanes compute garbage). */
    private static final int LANE_MULTIPLE = 64;
    /** Floats per chunk of rows: 16 KB, so the chunk and its per-position shift and sum stay in L1/L2. */
    private static final int CHUNK_FLOATS = 4096;

    private final int maxQueries;
    private final float[] max;
    private final float[] sum;
    private final float[] row;
    /** A chunk of consecutive score rows. */
    private final float[] chunk;
    /** The maximum repeated for every row of a chunk, {@code shift[r * queries + q] = max[q]}. */
    private final float[] shift;
    /** Per chunk position: the running maximum (first pass), then the running sum (second pass). */
    private final float[] acc;

    /**
     * @param maxQueries the most queries (columns) a block will have, at least 1
     */
    public Softmax(int maxQueries) {
        if (maxQueries < 1) {
            throw new IllegalArgumentException("softmax block width must be positive, got " + maxQueries);
        }
        this.maxQueries = maxQueries;
        int width = (maxQueries + LANE_MULTIPLE - 1) / LANE_MULTIPLE * LANE_MULTIPLE;
        this.max = new float[width];
        this.sum = new float[width];
        this.row = new float[width];
        int chunkFloats = Math.max(CHUNK_FLOATS, width);
        this.chunk = new float[chunkFloats];
        this.shift = new float[chunkFloats];
        this.acc = new float[chunkFloats];
    }

    /** @return the most queries a block may have */
    public int maxQueries() {
        return maxQueries;
    }

    /**
     * Replaces a transposed score block by the unnormalised probabilities
     * {@code e[j][q] = exp(s[j][q] + mask[j] - max_k (s[k][q] + mask[k]))}, and leaves
     * {@code 1 / sum_j e[j][q]} in {@link #inverseSums()}: the probabilities are {@code e[j][q]} times
     * that.
     *
     * @param scores the block [keys, queries]: rows of exactly {@code queries} values
     *     ({@link NativeRows#cols()}), one after the other
     * @param keys number of keys (rows), at least 1
     * @param queries number of queries (columns), at most {@link #maxQueries()}
     * @param additiveMask per-key additions (0 or {@link #MASKED}), or null for none
     * @param maskOffset where key 0's entry is in additiveMask
     */
    public void exponentiate(NativeRows scores, int keys, int queries, float[] additiveMask, int maskOffset) {
        if (queries > maxQueries || queries < 1 || keys < 1 || scores.cols() != queries) {
            throw new IllegalArgumentException("softmax block of " + keys + " keys x " + queries
                    + " queries in rows of " + scores.cols() + ", scratch for " + maxQueries + " queries");
        }
        int rowsPerChunk = Math.max(1, chunk.length / queries);
        int chunkFloats = rowsPerChunk * queries;
        java.util.Arrays.fill(acc, 0, chunkFloats, Float.NEGATIVE_INFINITY);
        for (int j0 = 0; j0 < keys; j0 += rowsPerChunk) {
            int length = load(scores, j0, Math.min(rowsPerChunk, keys - j0), queries, additiveMask, maskOffset);
            maxInto(length);
        }
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rowsPerChunk; r++) {
            System.arraycopy(acc, r * queries, row, 0, queries);
            foldMax();
        }
        for (int r = 0; r < rowsPerChunk; r++) {
            System.arraycopy(max, 0, shift, r * queries, queries);
        }
        java.util.Arrays.fill(acc, 0, chunkFloats, 0f);
        for (int j0 = 0; j0 < keys; j0 += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, keys - j0);
            int length = load(scores, j0, rows, queries, additiveMask, maskOffset);
            exponentiateInPlace(length);
            addInto(length);
            scores.write(j0, 0, chunk, 0, length);
        }
        java.util.Arrays.fill(sum, 0f);
        for (int r = 0; r < rowsPerChunk; r++) {
            System.arraycopy(acc, r * queries, row, 0, queries);
            foldSum();
        }
        for (int q = 0; q < sum.length; q++) {
            sum[q] = 1f / sum[q];
        }
    }

    /**
     * Copies rows [j0, j0 + rows) into the chunk, each plus its key's mask value.
     *
     * @return the number of floats loaded
     */
    private int load(NativeRows scores, int j0, int rows, int queries, float[] additiveMask, int maskOffset) {
        int length = rows * queries;
        scores.read(j0, 0, chunk, 0, length);
        if (additiveMask != null) {
            for (int r = 0; r < rows; r++) {
                float m = additiveMask[maskOffset + j0 + r];
                if (m != 0f) {
                    addToRow(r * queries, queries, m);
                }
            }
        }
        return length;
    }

    /** Adds {@code m} to one row of the chunk (through the row scratch: loops at an offset stay scalar). */
    private void addToRow(int offset, int queries, float m) {
        System.arraycopy(chunk, offset, row, 0, queries);
        float[] r = row;
        for (int q = 0; q < r.length; q++) {
            r[q] = r[q] + m;
        }
        System.arraycopy(row, 0, chunk, offset, queries);
    }

    private void maxInto(int length) {
        float[] a = acc;
        float[] c = chunk;
        for (int i = 0; i < length; i++) {
            a[i] = Math.max(a[i], c[i]);
        }
    }

    private void exponentiateInPlace(int length) {
        float[] c = chunk;
        float[] s = shift;
        for (int i = 0; i < length; i++) {
            c[i] = FastExp.exp(c[i] - s[i]);
        }
    }

    private void addInto(int length) {
        float[] a = acc;
        float[] c = chunk;
        for (int i = 0; i < length; i++) {
            a[i] += c[i];
        }
    }

    /** {@code max[q] = max(max[q], row[q])}; padding lanes compute harmless garbage. */
    private void foldMax() {
        float[] a = max;
        float[] r = row;
        for (int q = 0; q < a.length; q++) {
            a[q] = Math.max(a[q], r[q]);
        }
    }

    private void foldSum() {
        float[] a = sum;
        float[] r = row;
        for (int q = 0; q < a.length; q++) {
            a[q] += r[q];
        }
    }

    /**
     * @return after {@link #exponentiate}, {@code 1 / sum_j e[j][q]} for each query q (entries past the
     *     block's width are meaningless); the caller must not modify it
     */
    public float[] inverseSums() {
        return sum;
    }
}
