package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;

/**
 * The matching head's pooler ({@code matching_head.pooler}): {@code tanh(dense(h[:, 0]))}, on the first
 * token (CLS) of each sample. Immutable and thread-safe.
 */
public final class TvltPooler implements AutoCloseable {

    private final Linear dense;

    private TvltPooler(Linear dense) {
        this.dense = dense;
    }

    /**
     * @param p binding at {@code matching_head.pooler.}
     * @param hiddenSize {@code hidden_size}
     * @return the bound module
     */
    public static TvltPooler bind(ParameterBinding p, int hiddenSize) {
        return new TvltPooler(new Linear(p.matrix("dense.weight", hiddenSize, hiddenSize),
                p.floats("dense.bias", hiddenSize)));
    }

    /**
     * @param firstTokens the CLS rows [B, hidden_size] row-major
     * @param batch B
     * @return the pooled rows [B, hidden_size]
     */
    public float[] forward(float[] firstTokens, int batch) {
        float[] pooled = LinearRows.apply(dense, firstTokens, batch);
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) Math.tanh(pooled[i]);
        }
        return pooled;
    }

    @Override
    public void close() {
        dense.close();
    }
}
