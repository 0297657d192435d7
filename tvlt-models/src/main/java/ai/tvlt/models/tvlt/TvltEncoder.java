package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.tensor.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stack of {@link TvltLayer}s ({@code encoder.layer.<i>}; the MAE decoder binds one at
 * {@code decoder.decoder_layers.<i>} with its own {@link LayerDims}). No final LayerNorm: the owner
 * applies it.
 *
 * <p>Thread-safety: the layers are immutable; concurrent forwards each pass their own
 * {@link LayerWorkspace} (the owner keeps them in a pool). {@link #close()} waits for running forwards;
 * later calls throw {@link ClosedException}.
 */
public final class TvltEncoder implements AutoCloseable {

    private final LayerDims dims;
    private final List<TvltLayer> layers;
    private final Lifecycle lifecycle = new Lifecycle("TvltEncoder");

    private TvltEncoder(LayerDims dims, List<TvltLayer> layers) {
        this.dims = dims;
        this.layers = List.copyOf(layers);
    }

    /**
     * @param p binding at the stack's prefix, e.g. {@code encoder.} or {@code decoder.}
     * @param layerKey the list's name with its dot, {@code layer.} (encoder) or {@code decoder_layers.}
     * @param dims layer sizes
     * @param numLayers number of layers
     * @return the bound stack
     */
    public static TvltEncoder bind(ParameterBinding p, String layerKey, LayerDims dims, int numLayers) {
        List<TvltLayer> layers = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            layers.add(TvltLayer.bind(p.child(layerKey + i + "."), dims));
        }
        return new TvltEncoder(dims, layers);
    }

    /** @return the layer sizes */
    public LayerDims dims() {
        return dims;
    }

    /** @return the number of layers */
    public int numLayers() {
        return layers.size();
    }

    /**
     * Runs every layer on {@code ws.hidden()} in place.
     *
     * @param ws the workspace holding the input sequence [B*S, D]
     * @param additiveMask per-key additions [B*S] (0 or {@link ai.tvlt.models.nn.Softmax#MASKED}), or null
     * @param outputHiddenStates whether to copy the input of every layer and the last output
     * @param outputAttentions whether to copy every layer's attention probabilities
     * @return the requested copies (empty lists when not requested)
     * @throws ClosedException after {@link #close()}
     */
    public Result forward(LayerWorkspace ws, float[] additiveMask, boolean outputHiddenStates,
            boolean outputAttentions) {
        return lifecycle.use(() -> run(ws, additiveMask, outputHiddenStates, outputAttentions));
    }

    private Result run(LayerWorkspace ws, float[] additiveMask, boolean outputHiddenStates, boolean outputAttentions) {
        List<float[]> hiddenStates = new ArrayList<>();
        List<float[]> attentions = new ArrayList<>();
        int attentionSize = outputAttentions
                ? Shapes.numelInt(ws.batch(), dims.numHeads(), ws.seqLen(), ws.seqLen()) : 0;
        for (TvltLayer layer : layers) {
            if (outputHiddenStates) {
                hiddenStates.add(copyHidden(ws));
            }
            float[] probs = outputAttentions ? new float[attentionSize] : null;
            layer.forward(ws, additiveMask, probs);
            if (outputAttentions) {
                attentions.add(probs);
            }
        }
        if (outputHiddenStates) {
            hiddenStates.add(copyHidden(ws));
        }
        return new Result(Collections.unmodifiableList(hiddenStates), Collections.unmodifiableList(attentions));
    }

    private static float[] copyHidden(LayerWorkspace ws) {
        float[] out = new float[Shapes.numelInt(ws.rows(), ws.dims().hiddenSize())];
        ws.hidden().data().asNioFloat().get(0, out);
        return out;
    }

    /**
     * Copies of intermediate values requested from a forward.
     *
     * @param hiddenStates the input of each layer then the last output, each [B*S*D] row-major
     * @param attentions each layer's probabilities, [B*heads*S*S] row-major
     */
    public record Result(List<float[]> hiddenStates, List<float[]> attentions) {
    }

    /** Frees the layers' native weights, after any running forward has finished. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> layers.forEach(TvltLayer::close));
    }
}
