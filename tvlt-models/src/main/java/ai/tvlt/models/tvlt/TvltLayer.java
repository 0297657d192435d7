package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.LayerNorm;
import ai.tvlt.models.nn.RowParallel;

/**
 * One pre-norm transformer block ({@code encoder.layer.<i>} / {@code decoder.decoder_layers.<i>}):
 * {@code h = x + Wo(Attn(LN_before(x)))}, {@code out = h + W2(act(W1(LN_after(h))))}. Works in place on
 * {@link LayerWorkspace#hidden()}. Immutable and thread-safe; reusable for the MAE decoder with its own
 * {@link LayerDims} (which calls it without an attention mask).
 */
public final class TvltLayer implements AutoCloseable {

    private final LayerNorm layernormBefore;
    private final TvltAttention attention;
    private final LayerNorm layernormAfter;
    private final TvltIntermediate intermediate;
    private final TvltOutput output;

    private TvltLayer(LayerNorm layernormBefore, TvltAttention attention, LayerNorm layernormAfter,
            TvltIntermediate intermediate, TvltOutput output) {
        this.layernormBefore = layernormBefore;
        this.attention = attention;
        this.layernormAfter = layernormAfter;
        this.intermediate = intermediate;
        this.output = output;
    }

    /**
     * @param p binding at the layer's prefix, e.g. {@code encoder.layer.3.}
     * @param dims layer sizes
     * @return the bound layer
     */
    public static TvltLayer bind(ParameterBinding p, LayerDims dims) {
        int d = dims.hiddenSize();
        return new TvltLayer(
                new LayerNorm(p.floats("layernorm_before.weight", d), p.floats("layernorm_before.bias", d),
                        dims.layerNormEps()),
                TvltAttention.bind(p.child("attention."), dims),
                new LayerNorm(p.floats("layernorm_after.weight", d), p.floats("layernorm_after.bias", d),
                        dims.layerNormEps()),
                TvltIntermediate.bind(p.child("intermediate."), dims),
                TvltOutput.bind(p.child("output."), dims));
    }

    /**
     * Runs the block on {@code ws.hidden()} in place.
     *
     * @param ws the workspace holding the input sequence [B*S, D]
     * @param additiveMask per-key additions [B*S] (0 or {@link ai.tvlt.models.nn.Softmax#MASKED}), or null
     * @param attentionsOut receives the attention probabilities [B, heads, S, S], or null
     */
    public void forward(LayerWorkspace ws, float[] additiveMask, float[] attentionsOut) {
        layernormBefore.apply(ws.hidden(), ws.normed(), null);
        attention.attend(ws, additiveMask, attentionsOut);
        // Everything after attention is row-wise: each parallel row block runs the whole chain, so the
        // lanes meet once instead of after every step (fewer waits when the machine is shared).
        RowParallel.forEachSampleChunk(ws.batch(), ws.seqLen(), intermediate.chunks(ws.seqLen()), (from, to) -> {
            attention.accumulateOutput(ws, from, to);
            layernormAfter.apply(ws.hidden(), ws.normed(), attention.outputBias(), from, to);
            intermediate.forward(ws, from, to);
            output.forward(ws, from, to);
        });
    }

    @Override
    public void close() {
        attention.close();
        intermediate.close();
        output.close();
    }
}
