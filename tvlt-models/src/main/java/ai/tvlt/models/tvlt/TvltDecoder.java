package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import ai.tvlt.models.nn.ComputeThreads;
import ai.tvlt.models.nn.LayerNorm;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MAE decoder of {@code TvltForPreTraining} (Hugging Face {@code TvltDecoder}, weights under
 * {@code decoder.}): {@code decoder_num_hidden_layers} pre-norm {@link TvltLayer}s of the
 * {@code decoder_*} sizes ({@code decoder_layers.<i>}), then a final LayerNorm ({@code layernorm}).
 * There is no attention mask: every token, padding included, is attended, as in the reference.
 *
 * <p>Thread-safety: {@link #forward} may be called from several threads at once (each call borrows its
 * own scratch buffers; the weights are read-only). {@link #close()} waits for running calls; later calls
 * throw {@link ClosedException}.
 */
public final class TvltDecoder implements AutoCloseable {

    private static final String PREFIX = "decoder.";
    private static final int MAX_IDLE_WORKSPACES = 2;

    /** The shape a {@link LayerWorkspace} serves. */
    private record Shape(int batch, int seqLen) {
    }

    private final LayerDims dims;
    private final TvltEncoder layers;
    private final LayerNorm layernorm;
    private final WorkspacePool<Shape, LayerWorkspace> workspaces;
    private final Lifecycle lifecycle = new Lifecycle("TvltDecoder");
    private final ComputeThreads threads;
    private final boolean ownsThreads;

    private TvltDecoder(LayerDims dims, TvltEncoder layers, LayerNorm layernorm, ComputeThreads threads,
            boolean ownsThreads) {
        this.threads = threads;
        this.ownsThreads = ownsThreads;
        this.dims = dims;
        this.layers = layers;
        this.layernorm = layernorm;
        this.workspaces = new WorkspacePool<>(MAX_IDLE_WORKSPACES, shape -> {
            Shapes.numelInt((long) shape.batch() * shape.seqLen(),
                    3L * Math.max(dims.hiddenSize(), dims.intermediateSize()));
            return new LayerWorkspace(dims, shape.batch(), shape.seqLen());
        }, LayerWorkspace::close);
    }

    /**
     * Loads the decoder alone from a {@code TvltForPreTraining} checkpoint folder: the keys under
     * {@code decoder.}; every other key is ignored.
     *
     * @param dir the checkpoint folder
     * @return the decoder
     * @throws WeightLoadingException listing every missing, unexpected (under {@code decoder.}) or
     *     mis-shaped weight
     */
    public static TvltDecoder fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.defaults());
    }

    /**
     * {@link #fromPretrained(Path)} with load options (threads; precision {@link Precision#FP32} only, as
     * {@link #create(TvltConfig, TensorStore, LoadOptions)} says).
     *
     * @param dir the checkpoint folder
     * @param options the load options
     * @return the decoder
     * @throws WeightLoadingException listing every missing, unexpected (under {@code decoder.}) or
     *     mis-shaped weight
     */
    public static TvltDecoder fromPretrained(Path dir, LoadOptions options) {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            return create(checkpoint.config(), checkpoint.tensors(), options);
        }
    }

    /**
     * Binds the decoder to the {@code decoder.*} tensors of a store (copied; the store may be closed
     * afterwards). Keys outside {@code decoder.} are ignored.
     *
     * @param config the model config
     * @param store the tensors
     * @return the decoder
     * @throws WeightLoadingException listing every problem
     */
    public static TvltDecoder create(TvltConfig config, TensorStore store) {
        return create(config, store, LoadOptions.defaults());
    }

    /**
     * {@link #create(TvltConfig, TensorStore)} with load options (threads). The decoder computes in float32
     * only, as it does inside {@link TvltForPreTraining}: {@link Precision#BF16} is refused rather than ignored.
     *
     * @param config the model config
     * @param store the tensors
     * @param options the load options; precision {@link Precision#FP32}
     * @return the decoder
     * @throws WeightLoadingException listing every problem
     * @throws InvalidInputException when the options ask for {@link Precision#BF16}
     */
    public static TvltDecoder create(TvltConfig config, TensorStore store, LoadOptions options) {
        InvalidInputException.requireNonNull(options, "options");
        if (options.precision() != Precision.FP32) {
            throw new InvalidInputException("TvltDecoder computes in float32 only; LoadOptions precision "
                    + options.precision().label() + " applies to the encoder layers (TvltModel and the encoders of"
                    + " TvltForPreTraining and TvltForAudioVisualClassification)");
        }
        LayerDims.decoder(config);
        ModelMemory.require(config, MemoryEstimate.Scope.DECODER);
        ParameterBinding p = new ParameterBinding(store, PREFIX);
        try (PartialLoad load = new PartialLoad()) {
            TvltDecoder decoder = load.track(bind(p, config, options.newComputeThreads(), true));
            p.finish();
            return load.complete(decoder);
        }
    }

    /**
     * @param p binding at {@code decoder.} (a child of the head's binding, or a root one)
     * @param config the model config
     * @param threads the threads it computes on (the head's)
     * @return the bound decoder (its binding's problems are reported by the caller's {@code finish()})
     */
    static TvltDecoder bind(ParameterBinding p, TvltConfig config, ComputeThreads threads) {
        return bind(p, config, threads, false);
    }

    private static TvltDecoder bind(ParameterBinding p, TvltConfig config, ComputeThreads threads, boolean owns) {
        LayerDims dims = LayerDims.decoder(config);
        TvltEncoder layers = TvltEncoder.bind(p, "decoder_layers.", dims, config.decoderNumHiddenLayers());
        int d = dims.hiddenSize();
        LayerNorm norm = new LayerNorm(p.floats("layernorm.weight", d), p.floats("layernorm.bias", d),
                config.layerNormEps());
        return new TvltDecoder(dims, layers, norm, threads, owns);
    }

    /** @return the decoder's layer sizes ({@code decoder_hidden_size}, heads, intermediate size) */
    public LayerDims dims() {
        return dims;
    }

    /**
     * Runs the decoder on a sequence, as {@code TvltDecoder.forward(hidden_states, ...)}.
     *
     * @param hiddenStates [B, S, decoder_hidden_size], finite
     * @param outputHiddenStates whether to return the input of every layer and the last layer's output
     *     (before the final LayerNorm)
     * @param outputAttentions whether to return every layer's attention probabilities [B, heads, S, S]
     * @return {@code logits} = the final LayerNorm's output [B, S, decoder_hidden_size], and the requested
     *     intermediates
     * @throws InvalidInputException when the shape does not fit or a value is not finite
     * @throws ClosedException after {@link #close()}
     */
    public TvltDecoderOutput forward(FloatTensor hiddenStates, boolean outputHiddenStates, boolean outputAttentions) {
        if (hiddenStates == null) {
            throw new InvalidInputException("hidden_states is required");
        }
        long[] s = hiddenStates.shape();
        Shapes.checkRank("hidden_states", s, 3, "[batch, sequence, decoder_hidden_size]");
        if (s[0] < 1 || s[1] < 1 || s[2] != dims.hiddenSize()) {
            throw new InvalidInputException("hidden_states must have shape [batch >= 1, sequence >= 1, "
                    + dims.hiddenSize() + "] (config decoder_hidden_size), got " + Arrays.toString(s));
        }
        Shapes.numelInt(s[0] * s[1], 3L * Math.max(dims.hiddenSize(), dims.intermediateSize()));
        for (int i = 0; i < hiddenStates.size(); i++) {
            if (!Float.isFinite(hiddenStates.get(i))) {
                throw new InvalidInputException("hidden_states must be finite, got " + hiddenStates.get(i)
                        + " at flat index " + i);
            }
        }
        int batch = (int) s[0];
        int seqLen = (int) s[1];
        return lifecycle.use(() -> {
            Decoded r = threads.run(() -> decode(hiddenStates.data(), batch, seqLen, outputHiddenStates,
                    outputAttentions));
            List<FloatTensor> hidden = new ArrayList<>();
            for (float[] h : r.layers().hiddenStates()) {
                hidden.add(FloatTensor.wrap(h, batch, seqLen, dims.hiddenSize()));
            }
            List<FloatTensor> attentions = new ArrayList<>();
            for (float[] a : r.layers().attentions()) {
                attentions.add(FloatTensor.wrap(a, batch, dims.numHeads(), seqLen, seqLen));
            }
            return new TvltDecoderOutput(FloatTensor.wrap(r.logits(), batch, seqLen, dims.hiddenSize()), hidden,
                    attentions);
        });
    }

    /**
     * The decoder's result on heap arrays.
     *
     * @param logits the final LayerNorm's output [B*S*D]
     * @param layers the requested intermediates
     */
    record Decoded(float[] logits, TvltEncoder.Result layers) {
    }

    /**
     * Runs the layers and the final LayerNorm on validated rows; the caller holds the lifecycle.
     *
     * @param input [B*S*D] row-major
     * @param batch B
     * @param seqLen S
     * @param outputHiddenStates whether to copy the intermediates
     * @param outputAttentions whether to copy the attention probabilities
     * @return the output
     */
    Decoded decode(float[] input, int batch, int seqLen, boolean outputHiddenStates, boolean outputAttentions) {
        try (WorkspacePool<Shape, LayerWorkspace>.Lease lease = workspaces.borrow(new Shape(batch, seqLen))) {
            LayerWorkspace ws = lease.workspace();
            ws.hidden().data().asNioFloat().put(0, input, 0, input.length);
            TvltEncoder.Result r = layers.forward(ws, null, outputHiddenStates, outputAttentions);
            layernorm.apply(ws.hidden(), ws.hidden(), null);
            float[] logits = new float[input.length];
            ws.hidden().data().asNioFloat().get(0, logits);
            return new Decoded(logits, r);
        }
    }

    /** Frees the native weights and scratch buffers, after any running forward has finished. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            layers.close();
            workspaces.close();
            if (ownsThreads) {
                threads.close();
            }
        });
    }
}
