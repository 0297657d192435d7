package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.models.nn.Bf16Matmul;
import ai.tvlt.models.nn.BlasKernel;
import ai.tvlt.models.nn.ComputeThreads;
import ai.tvlt.models.nn.LayerNorm;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.nn.Softmax;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare TVLT transformer (Hugging Face {@code TvltModel}): pixel and audio embeddings, optional MAE
 * token dropping, a CLS token, the pre-norm {@link TvltEncoder} and the final LayerNorm (absent when
 * {@code use_mean_pooling}; no pooling is done either way, as in the reference).
 *
 * <p>Reference behaviours kept on purpose (see the golden models README, "What the goldens pin down"):
 * the attention mask is used only when both {@code pixel_mask} and {@code audio_mask} are given; the CLS
 * token's mask entry is a copy of the first kept pixel token's; padded tokens are still computed as
 * queries; masking noise ties are ordered as torch's CPU argsort orders them ({@link TorchArgsort}).
 *
 * <p>Memory: the large F32 weight matrices are used in place from the memory-mapped checkpoint file
 * (no copy; the mapping lives as long as the model, so the file must not be truncated or rewritten in
 * place meanwhile); other weights are copied once into native ND4J memory or the heap. Each forward borrows native scratch buffers sized for its input shape from a small pool, so
 * repeated forwards of one shape allocate no large native array. {@link #close()} frees everything;
 * any call after it throws {@link ClosedException}.
 *
 * <p>Thread-safety: {@link #forward} may be called from several threads at once (each call uses its own
 * scratch buffers; the weights are read-only). {@link #close()} waits for running forwards.
 *
 * <p>Parallelism: a forward computes on the model's own threads ({@link ComputeThreads}; how many is
 * {@link LoadOptions#threads()}, by default every core the JVM reports), splitting products by row
 * blocks and attention by heads; concurrent forwards share them. BLAS runs single-threaded inside those
 * threads: the first product sets OpenBLAS to one thread for the whole process
 * ({@link ai.tvlt.models.nn.Sgemm}). Loading logs the threads and the BLAS kernels at INFO.
 */
public final class TvltModel implements AutoCloseable {

    private static final int MAX_IDLE_WORKSPACES = 2;
    private static final String HEAD_PREFIX = "tvlt.";
    private static final Logger LOG = LoggerFactory.getLogger(TvltModel.class);

    private final TvltConfig config;
    private final LayerDims dims;
    private final TvltPixelEmbeddings pixelEmbeddings;
    private final TvltAudioEmbeddings audioEmbeddings;
    private final TvltEncoder encoder;
    private final float[] clsEmbedding;
    private final LayerNorm layernorm;
    private final WorkspacePool<ModelWorkspace.Key, ModelWorkspace> workspaces;
    private final Lifecycle lifecycle = new Lifecycle("TvltModel");
    private final ComputeThreads threads;

    private TvltModel(TvltConfig config, TvltPixelEmbeddings pixelEmbeddings, TvltAudioEmbeddings audioEmbeddings,
            TvltEncoder encoder, float[] clsEmbedding, LayerNorm layernorm, ComputeThreads threads) {
        this.config = config;
        this.threads = threads;
        this.dims = LayerDims.encoder(config);
        this.pixelEmbeddings = pixelEmbeddings;
        this.audioEmbeddings = audioEmbeddings;
        this.encoder = encoder;
        this.clsEmbedding = clsEmbedding;
        this.layernorm = layernorm;
        this.workspaces = new WorkspacePool<>(MAX_IDLE_WORKSPACES,
                key -> new ModelWorkspace(key, dims, pixelEmbeddings.patchLength(), audioEmbeddings.patchLength()),
                ModelWorkspace::close);
    }

    /**
     * Loads a model from a checkpoint folder ({@code config.json} + weights) of a {@code TvltModel} or
     * of a head class: when the keys carry the {@code tvlt.} prefix, those are the encoder's and every
     * key outside it (the head's) is ignored, as {@code TvltModel.from_pretrained} does.
     *
     * @param dir the checkpoint folder
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltModel fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.defaults());
    }

    /**
     * {@link #fromPretrained(Path)} with load options (threads, precision).
     *
     * @param dir the checkpoint folder
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltModel fromPretrained(Path dir, LoadOptions options) {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            return create(checkpoint.config(), checkpoint.tensors(), detectPrefix(checkpoint.tensors()), options);
        }
    }

    /**
     * Loads the model from a checkpoint folder or from the Hugging Face hub, as transformers'
     * {@code from_pretrained} does: a hub id {@code owner/name[@revision]} is taken from the shared
     * Hugging Face cache and downloaded into it when missing ({@link ModelResolver#checkpointFolder(String)},
     * with this process's {@code HF_*} settings), then loaded as {@link #fromPretrained(Path)} loads a folder.
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @return the model
     * @throws ai.tvlt.core.error.InvalidInputException when the folder does not exist or the id is malformed
     * @throws ai.tvlt.weights.hub.HubException when the repository can neither be fetched nor found in the cache
     */
    public static TvltModel fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /**
     * Like {@link #fromPretrained(String)}, with given hub settings (endpoint, cache folder, token, offline).
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @param hub the hub settings, used only for a hub id
     * @return the model
     */
    public static TvltModel fromPretrained(String modelIdOrFolder, HubEnvironment hub) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder, () -> hub));
    }

    /**
     * @param store a checkpoint's tensors
     * @return {@code "tvlt."} when the store holds a head checkpoint's encoder keys, else {@code ""}
     */
    public static String detectPrefix(TensorStore store) {
        boolean bare = store.names().stream().anyMatch(n -> n.startsWith("encoder.") || n.equals("cls_embedding"));
        boolean head = store.names().stream().anyMatch(n -> n.startsWith(HEAD_PREFIX));
        return head && !bare ? HEAD_PREFIX : "";
    }

    /**
     * Binds a model to tensors. The heads use this with their checkpoint's store and {@code "tvlt."}.
     * All tensors are copied, so the store may be closed afterwards.
     *
     * @param config the model config
     * @param store the tensors
     * @param prefix the prefix of this model's keys ({@code ""} or {@code "tvlt."}); keys outside it are
     *     ignored, keys inside it that the model does not have are reported as unexpected
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltModel create(TvltConfig config, TensorStore store, String prefix) {
        return create(config, store, prefix, LoadOptions.defaults());
    }

    /**
     * {@link #create(TvltConfig, TensorStore, String)} with load options (threads, precision).
     *
     * @param config the model config
     * @param store the tensors
     * @param prefix the prefix of this model's keys ({@code ""} or {@code "tvlt."})
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     * @throws ai.tvlt.core.error.InvalidInputException for {@link Precision#BF16} on a CPU without
     *     AVX512_BF16/AMX
     */
    public static TvltModel create(TvltConfig config, TensorStore store, String prefix, LoadOptions options) {
        if (options.precision() == Precision.BF16) {
            Bf16Matmul.requireSupported();
        }
        LayerDims dims = LayerDims.encoder(config).withPrecision(options.precision());
        ModelMemory.require(config, MemoryEstimate.Scope.MODEL);
        ParameterBinding p = new ParameterBinding(store, prefix);
        try (PartialLoad load = new PartialLoad()) {
            ComputeThreads threads = load.track(options.newComputeThreads());
            int d = config.hiddenSize();
            TvltPixelEmbeddings pixel = load.track(TvltPixelEmbeddings.bind(p.child("pixel_embeddings."), config));
            TvltAudioEmbeddings audio = load.track(TvltAudioEmbeddings.bind(p.child("audio_embeddings."), config));
            TvltEncoder encoder = load.track(TvltEncoder.bind(p.child("encoder."), "layer.", dims,
                    config.numHiddenLayers()));
            float[] cls = p.floats("cls_embedding", 1, 1, d);
            LayerNorm norm = config.useMeanPooling() ? null
                    : new LayerNorm(p.floats("layernorm.weight", d), p.floats("layernorm.bias", d), config.layerNormEps());
            p.finish();
            LOG.info("TvltModel: {} layers, computing on {}; BLAS: {}, single-threaded in each", config.numHiddenLayers(),
                    threads.describe(), BlasKernel.describe());
            return load.complete(new TvltModel(config, pixel, audio, encoder, cls, norm, threads));
        }
    }

    /** @return the threads this model's forwards compute on (the heads run on them too) */
    ComputeThreads threads() {
        return threads;
    }

    /** @return the config */
    public TvltConfig config() {
        return config;
    }

    /**
     * Runs the model.
     *
     * @param input the arguments
     * @return the reference's output fields
     * @throws ai.tvlt.core.error.InvalidInputException when an argument does not fit the config
     * @throws ClosedException after {@link #close()}
     */
    public TvltModelOutput forward(TvltModelInput input) {
        TvltInputCheck.Counts counts = TvltInputCheck.check(input, config);
        return lifecycle.use(() -> threads.run(() -> run(input, counts)));
    }

    private TvltModelOutput run(TvltModelInput in, TvltInputCheck.Counts c) {
        int batch = c.batch();
        SplittableRandom random = new SplittableRandom(in.seed());
        float[] pixelMask = in.inputs().pixelMask().map(FloatTensor::data).orElse(null);
        float[] audioMask = in.inputs().audioMask().map(FloatTensor::data).orElse(null);
        RandomMasking.Result pixelMasking = null;
        if (in.maskPixel()) {
            float[] noise = in.pixelMaskNoise().map(FloatTensor::data)
                    .orElseGet(() -> RandomMasking.pixelNoise(random, batch, c.pixelTokens()));
            pixelMasking = RandomMasking.apply(noise, batch, c.pixelTokens(),
                    RandomMasking.lenKeep(c.pixelTokens(), config.pixelMaskRatio()), pixelMask);
            pixelMask = pixelMasking.keptMask();
        }
        RandomMasking.Result audioMasking = null;
        if (in.maskAudio()) {
            float[] noise = in.audioMaskNoise().map(FloatTensor::data)
                    .orElseGet(() -> RandomMasking.audioNoise(random, batch, c.audioTokens(), config.numFreqPatches(),
                            config.audioMaskType()));
            audioMasking = RandomMasking.apply(noise, batch, c.audioTokens(),
                    RandomMasking.lenKeep(c.audioTokens(), config.audioMaskRatio()), audioMask);
            audioMask = audioMasking.keptMask();
        }
        int keptPixels = pixelMasking == null ? c.pixelTokens() : pixelMasking.keep()[0].length;
        int keptAudio = audioMasking == null ? c.audioTokens() : audioMasking.keep()[0].length;
        int seqLen = 1 + keptPixels + keptAudio;
        float[] additiveMask = pixelMask != null && audioMask != null
                ? additiveMask(pixelMask, audioMask, batch, keptPixels, keptAudio) : null;

        ModelMemory.requireForward(dims, encoder.numLayers(), batch, seqLen, in.outputHiddenStates(),
                in.outputAttentions());
        ModelWorkspace.Key key = new ModelWorkspace.Key(batch, c.pixelTokens(), c.audioTokens(), seqLen);
        try (WorkspacePool<ModelWorkspace.Key, ModelWorkspace>.Lease lease = workspaces.borrow(key)) {
            ModelWorkspace ws = lease.workspace();
            pixelEmbeddings.forward(in.inputs().pixelValues(), ws.pixelPatches, ws.pixelEmbeddings);
            audioEmbeddings.forward(in.inputs().audioValues(), ws.audioPatches, ws.audioEmbeddings);
            assembleSequence(ws, batch, c, pixelMasking, audioMasking, keptPixels, keptAudio);
            TvltEncoder.Result r = encoder.forward(ws.layers, additiveMask, in.outputHiddenStates(),
                    in.outputAttentions());
            if (layernorm != null) {
                layernorm.apply(ws.layers.hidden(), ws.layers.hidden(), null);
            }
            return output(ws, batch, seqLen, keptPixels, pixelMasking, audioMasking, r, c);
        }
    }

    /** {@code cat([pixel_mask[:, :1], pixel_mask, audio_mask]) -> (1 - m) * finfo.min}, after masking. */
    private static float[] additiveMask(float[] pixelMask, float[] audioMask, int batch, int pixels, int audio) {
        if (pixels == 0) {
            throw new InvalidInputException("pixel masking keeps no pixel token (pixel_mask_ratio too high), so the "
                    + "CLS entry of the attention mask, copied from the first kept pixel token, is undefined");
        }
        int s = 1 + pixels + audio;
        float[] out = new float[batch * s];
        for (int b = 0; b < batch; b++) {
            out[b * s] = (1f - pixelMask[b * pixels]) * Softmax.MASKED;
            for (int i = 0; i < pixels; i++) {
                out[b * s + 1 + i] = (1f - pixelMask[b * pixels + i]) * Softmax.MASKED;
            }
            for (int i = 0; i < audio; i++) {
                out[b * s + 1 + pixels + i] = (1f - audioMask[b * audio + i]) * Softmax.MASKED;
            }
        }
        return out;
    }

    private void assembleSequence(ModelWorkspace ws, int batch, TvltInputCheck.Counts c,
            RandomMasking.Result pixelMasking, RandomMasking.Result audioMasking, int keptPixels, int keptAudio) {
        NativeRows hidden = NativeRows.of(ws.layers.hidden());
        NativeRows pixels = NativeRows.of(ws.pixelEmbeddings);
        NativeRows audio = NativeRows.of(ws.audioEmbeddings);
        int s = 1 + keptPixels + keptAudio;
        float[] row = new float[dims.hiddenSize()];
        for (int b = 0; b < batch; b++) {
            hidden.write(b * s, clsEmbedding);
            for (int i = 0; i < keptPixels; i++) {
                int token = pixelMasking == null ? i : pixelMasking.keep()[b][i];
                pixels.read(b * c.pixelTokens() + token, row);
                hidden.write(b * s + 1 + i, row);
            }
            for (int i = 0; i < keptAudio; i++) {
                int token = audioMasking == null ? i : audioMasking.keep()[b][i];
                audio.read(b * c.audioTokens() + token, row);
                hidden.write(b * s + 1 + keptPixels + i, row);
            }
        }
    }

    private TvltModelOutput output(ModelWorkspace ws, int batch, int seqLen, int keptPixels,
            RandomMasking.Result pixelMasking, RandomMasking.Result audioMasking, TvltEncoder.Result r,
            TvltInputCheck.Counts c) {
        int d = dims.hiddenSize();
        float[] last = new float[batch * seqLen * d];
        ws.layers.hidden().data().asNioFloat().get(0, last);
        int keptAudio = seqLen - 1 - keptPixels;
        float[] pixelPart = new float[batch * keptPixels * d];
        float[] audioPart = new float[batch * keptAudio * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(last, (b * seqLen + 1) * d, pixelPart, b * keptPixels * d, keptPixels * d);
            System.arraycopy(last, (b * seqLen + 1 + keptPixels) * d, audioPart, b * keptAudio * d, keptAudio * d);
        }
        List<FloatTensor> hiddenStates = new ArrayList<>();
        for (float[] h : r.hiddenStates()) {
            hiddenStates.add(FloatTensor.wrap(h, batch, seqLen, d));
        }
        List<FloatTensor> attentions = new ArrayList<>();
        for (float[] a : r.attentions()) {
            attentions.add(FloatTensor.wrap(a, batch, dims.numHeads(), seqLen, seqLen));
        }
        return new TvltModelOutput(
                FloatTensor.wrap(last, batch, seqLen, d),
                FloatTensor.wrap(pixelPart, batch, keptPixels, d),
                FloatTensor.wrap(audioPart, batch, keptAudio, d),
                Optional.ofNullable(pixelMasking).map(m -> FloatTensor.wrap(m.labelMasks(), batch, c.pixelTokens())),
                Optional.ofNullable(audioMasking).map(m -> FloatTensor.wrap(m.labelMasks(), batch, c.audioTokens())),
                Optional.ofNullable(pixelMasking).map(m -> new LongTensor(m.idsRestore(), batch, c.pixelTokens())),
                Optional.ofNullable(audioMasking).map(m -> new LongTensor(m.idsRestore(), batch, c.audioTokens())),
                hiddenStates, attentions);
    }

    /** Frees the native weights and scratch buffers, after any running forward has finished. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            pixelEmbeddings.close();
            audioEmbeddings.close();
            encoder.close();
            workspaces.close();
            threads.close();
        });
    }
}
