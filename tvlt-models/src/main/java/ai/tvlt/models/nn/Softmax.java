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
 * as columns, the maximum and the sum over keys become element-wise loops across a key row
 * ({@code max[q] = max(max[q], row[q])}) that vectorise, with no scalar reduction at all (0.6 against
 * 1.2 ns per score for a row-wise softmax). The normalisation is left to the caller, who scales the
 * much smaller product with the values by {@link #inverseSums()} instead of every probability.
 *
 * <p>An instance holds the scratch for blocks of up to a given number of queries and is used by one
 * thread at a time.
 */
public final class Softmax {

    /** {@code torch.finfo(torch.float32).min}, the reference's additive value for a masked key. */
    public static final float MASKED = -Float.MAX_VALUE;

    /** Loops run over whole multiples of this many queries: C2's vector loops then have no scalar tail. */
    private static final int LANE_MULTIPLE = 64;

    private final int maxQueries;
    private final float[] max;
    private final float[] sum;
    private final float[] row;

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
     * @param scores the block [keys, queries] (rows at least {@code queries} wide)
     * @param keys number of keys (rows), at least 1
     * @param queries number of queries (columns), at most {@link #maxQueries()}
     * @param additiveMask per-key additions (0 or {@link #MASKED}), or null for none
     * @param maskOffset where key 0's entry is in additiveMask
     */
    public void exponentiate(NativeRows scores, int keys, int queries, float[] additiveMask, int maskOffset) {
        if (queries > maxQueries || keys < 1) {
            throw new IllegalArgumentException("softmax block of " + keys + " keys x " + queries
                    + " queries, scratch for " + maxQueries + " queries");
        }
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < keys; j++) {
            scores.read(j, 0, row, 0, queries);
            float m = additiveMask == null ? 0f : additiveMask[maskOffset + j];
            maxInto(row, m);
        }
        java.util.Arrays.fill(sum, 0f);
        for (int j = 0; j < keys; j++) {
            scores.read(j, 0, row, 0, queries);
            float m = additiveMask == null ? 0f : additiveMask[maskOffset + j];
            exponentiate(row, m);
            addInto(row);
            scores.write(j, 0, row, 0, queries);
        }
        for (int q = 0; q < sum.length; q++) {
            sum[q] = 1f / sum[q];
        }
    }

    /**
     * @return after {@link #exponentiate}, {@code 1 / sum_j e[j][q]} for each query q (entries past the
     *     block's width are meaningless); the caller must not modify it
     */
    public float[] inverseSums() {
        return sum;
    }

    /** {@code max[q] = max(max[q], row[q] + mask)}; padding lanes compute harmless garbage. */
    private void maxInto(float[] scores, float mask) {
        float[] acc = max;
        for (int q = 0; q < acc.length; q++) {
            acc[q] = Math.max(acc[q], scores[q] + mask);
        }
    }

    private void exponentiate(float[] scores, float mask) {
        float[] shift = max;
        for (int q = 0; q < scores.length; q++) {
            scores[q] = FastExp.exp(scores[q] + mask - shift[q]);
        }
    }

    private void addInto(float[] values) {
        float[] acc = sum;
        for (int q = 0; q < acc.length; q++) {
            acc[q] += values[q];
        }
    }
}
