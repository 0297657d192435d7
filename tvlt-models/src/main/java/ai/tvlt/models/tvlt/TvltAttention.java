package ai.tvlt.models.tvlt;

/**
 * Self-attention plus its output projection ({@code attention.attention}, {@code attention.output}).
 * Immutable and thread-safe.
 */
public final class TvltAttention implements AutoCloseable {

    private final TvltSelfAttention attention;
    private final TvltSelfOutput output;

    private TvltAttention(TvltSelfAttention attention, TvltSelfOutput output) {
        this.attention = attention;
        this.output = output;
    }

    /**
     * @param p binding at {@code ...layer.<i>.attention.}
     * @param dims layer sizes
     * @return the bound module
     */
    public static TvltAttention bind(ParameterBinding p, LayerDims dims) {
        return new TvltAttention(TvltSelfAttention.bind(p.child("attention."), dims),
                TvltSelfOutput.bind(p.child("output."), dims));
    }

    /**
     * Attends over {@code ws.normed()} and adds the projected context to {@code ws.hidden()} (without
     * the output bias: see {@link #outputBias()}).
     *
     * @param ws the workspace
     * @param additiveMask per-key additions [B*S], or null
     * @param attentionsOut probabilities [B, heads, S, S], or null
     */
    public void forward(LayerWorkspace ws, float[] additiveMask, float[] attentionsOut) {
        attention.forward(ws, additiveMask, attentionsOut);
        output.accumulateInto(ws);
    }

    /**
     * The self-attention alone: the context of {@code ws.normed()} into {@code ws.context()}, for a
     * caller that applies the output projection per row block ({@link #accumulateOutput}).
     *
     * @param ws the workspace
     * @param additiveMask per-key additions [B*S], or null
     * @param attentionsOut probabilities [B, heads, S, S], or null
     */
    public void attend(LayerWorkspace ws, float[] additiveMask, float[] attentionsOut) {
        attention.forward(ws, additiveMask, attentionsOut);
    }

    /**
     * {@code ws.hidden() += ws.context() W^T} on rows [from, to), on the calling thread (without the
     * output bias: see {@link #outputBias()}).
     *
     * @param ws the workspace
     * @param from first row
     * @param to end row (exclusive)
     */
    public void accumulateOutput(LayerWorkspace ws, int from, int to) {
        output.accumulateInto(ws, from, to);
    }

    /** @return the output projection's bias, to be added to the residual stream */
    public float[] outputBias() {
        return output.bias();
    }

    @Override
    public void close() {
        attention.close();
        output.close();
    }
}
