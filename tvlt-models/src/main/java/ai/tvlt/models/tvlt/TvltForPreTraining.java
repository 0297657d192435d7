package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.reconstruction.Patches;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * TVLT with its pre-training heads (Hugging Face {@code TvltForPreTraining}): the vision-audio matching
 * head and the masked-autoencoder (MAE) branch, on a {@link TvltModel} ({@code tvlt.*} weights).
 *
 * <p><b>Matching</b> ({@code task_matching}): the encoder runs on {@code pixel_values_mixed} (with
 * {@code pixel_mask_mixed}) and {@code audio_values} (with {@code audio_mask}); {@link TvltMatchingHead}
 * turns token 0 into {@code matching_logits} [B, 1]; with {@code labels} the loss is
 * {@code BCEWithLogitsLoss}. As in the reference, the attention mask of that pass exists only when both
 * {@code pixel_mask_mixed} and {@code audio_mask} are given.
 *
 * <p><b>Reconstruction</b> ({@code task_mae}, only with {@link TvltForPreTrainingInput#reconstruct()}, the
 * reference's training-mode forward): the encoder runs on {@code pixel_values} / {@code audio_values} with
 * random token dropping; {@code encoder_to_decoder} projects the kept tokens, {@link TvltDecoderEmbeddings}
 * restores the full sequence with mask tokens and decoder embeddings, the shared {@link TvltDecoder} runs
 * on the pixel and the audio sequence separately, and {@link TvltMAEHead}s predict every patch. The loss
 * is the masked mean of the per-token MSE against the patchified inputs ({@link Patches}); the total loss
 * adds the matching loss.
 *
 * <p>Differences from transformers v4.34 (SPEC 1), where the reference crashes or refuses:
 * <ul>
 *   <li>{@code labels} are optional: without them the matching logits are computed and there is no
 *       matching loss (the reference raises).</li>
 *   <li>Without {@code pixel_values_mixed} the matching task scores {@code pixel_values} (with
 *       {@code pixel_mask}) against the audio (the reference raises). In reconstruct mode the matching
 *       task runs only when {@code pixel_values_mixed} or {@code labels} are given.</li>
 *   <li>{@code task_matching=false}: the matching head is absent and skipped cleanly (the reference
 *       fails on its return statement); {@code labels} and {@code pixel_values_mixed} are then ignored,
 *       as the reference ignores them, and the default mode has nothing to compute and is rejected.
 *       {@code task_mae=false}: reconstruct mode runs the matching task only, as the reference does.</li>
 *   <li>Audio whose time rows are not a whole number of patches: the trailing rows, which the patch
 *       convolution drops, are also left out of the reconstruction target (the reference's reshape
 *       fails).</li>
 * </ul>
 * {@code hidden_states}/{@code attentions} come from the last encoder pass (the masked one in reconstruct
 * mode), as in the reference.
 *
 * <p>Memory: as {@link TvltModel}'s (F32 matrices used in place from the mapped file, the rest copied
 * once); {@link #close()} frees them. Thread-safety:
 * {@link #forward} may be called from several threads at once; {@link #close()} waits for running calls
 * and later calls throw {@link ClosedException}.
 */
public final class TvltForPreTraining implements AutoCloseable {

    private static final String ENCODER_PREFIX = "tvlt.";

    private final TvltConfig config;
    private final TvltModel tvlt;
    private final TvltMatchingHead matchingHead;
    private final Linear encoderToDecoder;
    private final TvltDecoderEmbeddings pixelDecoderEmbeddings;
    private final TvltDecoderEmbeddings audioDecoderEmbeddings;
    private final TvltDecoder decoder;
    private final TvltMAEHead pixelMaeHead;
    private final TvltMAEHead audioMaeHead;
    private final Lifecycle lifecycle = new Lifecycle("TvltForPreTraining");

    private TvltForPreTraining(TvltConfig config, TvltModel tvlt, TvltMatchingHead matchingHead, Linear encoderToDecoder,
            TvltDecoderEmbeddings pixelDecoderEmbeddings, TvltDecoderEmbeddings audioDecoderEmbeddings,
            TvltDecoder decoder, TvltMAEHead pixelMaeHead, TvltMAEHead audioMaeHead) {
        this.config = config;
        this.tvlt = tvlt;
        this.matchingHead = matchingHead;
        this.encoderToDecoder = encoderToDecoder;
        this.pixelDecoderEmbeddings = pixelDecoderEmbeddings;
        this.audioDecoderEmbeddings = audioDecoderEmbeddings;
        this.decoder = decoder;
        this.pixelMaeHead = pixelMaeHead;
        this.audioMaeHead = audioMaeHead;
    }

    /**
     * Loads a {@code TvltForPreTraining} checkpoint folder ({@code config.json} + weights in F32, F16,
     * BF16 or F64).
     *
     * @param dir the checkpoint folder
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     * @throws ConfigException when the config has neither task, or the pixel MAE head cannot fit it
     */
    public static TvltForPreTraining fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.defaults());
    }

    /**
     * {@link #fromPretrained(Path)} with load options (threads).
     *
     * @param dir the checkpoint folder
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     * @throws ConfigException when the config has neither task, or the pixel MAE head cannot fit it
     */
    public static TvltForPreTraining fromPretrained(Path dir, LoadOptions options) {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            return create(checkpoint.config(), checkpoint.tensors(), options);
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
    public static TvltForPreTraining fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /**
     * Like {@link #fromPretrained(String)}, with given hub settings (endpoint, cache folder, token, offline).
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @param hub the hub settings, used only for a hub id
     * @return the model
     */
    public static TvltForPreTraining fromPretrained(String modelIdOrFolder, HubEnvironment hub) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder, () -> hub));
    }

    /**
     * Binds the model to a store's tensors (copied; the store may be closed afterwards). Every key must
     * be used: {@code tvlt.*} by the encoder, the others by the heads of the tasks the config enables.
     *
     * @param config the model config
     * @param store the tensors
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     * @throws ConfigException when the config has neither task, or the pixel MAE head cannot fit it
     */
    public static TvltForPreTraining create(TvltConfig config, TensorStore store) {
        return create(config, store, LoadOptions.defaults());
    }

    /**
     * {@link #create(TvltConfig, TensorStore)} with load options (threads; the heads and the decoder run
     * on the encoder's threads).
     *
     * @param config the model config
     * @param store the tensors
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     * @throws ConfigException when the config has neither task, or the pixel MAE head cannot fit it
     */
    public static TvltForPreTraining create(TvltConfig config, TensorStore store, LoadOptions options) {
        checkConfig(config);
        LayerDims.decoder(config);
        ModelMemory.require(config, MemoryEstimate.Scope.PRE_TRAINING);
        try (PartialLoad load = new PartialLoad()) {
            TvltModel tvlt = load.track(TvltModel.create(config, store, ENCODER_PREFIX, options));
            ParameterBinding p = new ParameterBinding(store, "");
            p.boundElsewhere(ENCODER_PREFIX);
            int h = config.hiddenSize();
            int dd = config.decoderHiddenSize();
            TvltMatchingHead matching = config.taskMatching()
                    ? load.track(TvltMatchingHead.bind(p.child("matching_head."), h)) : null;
            TvltForPreTraining model;
            if (config.taskMae()) {
                int[] ip = config.imagePatchSize();
                int[] ap = config.audioPatchSize();
                Linear toDecoder = load.track(new Linear(p.matrix("encoder_to_decoder.weight", dd, h),
                        p.floats("encoder_to_decoder.bias", dd)));
                TvltDecoderEmbeddings pixel = TvltDecoderEmbeddings.bindPixel(p, dd, config.numPixelPatchesPerFrame(),
                        config.numFrames());
                TvltDecoderEmbeddings audio = TvltDecoderEmbeddings.bindAudio(p, dd, config.numFreqPatches(),
                        config.maxAudioTimePatches());
                TvltDecoder decoder = load.track(TvltDecoder.bind(p.child("decoder."), config, tvlt.threads()));
                // the reference sizes the pixel head as image_patch_size[0] ** 2 * num_image_channels
                TvltMAEHead pixelHead = load.track(TvltMAEHead.bind(p.child("pixel_mae_head."), dd,
                        ip[0] * ip[0] * config.numImageChannels()));
                TvltMAEHead audioHead = load.track(TvltMAEHead.bind(p.child("audio_mae_head."), dd,
                        ap[0] * ap[1] * config.numAudioChannels()));
                model = new TvltForPreTraining(config, tvlt, matching, toDecoder, pixel, audio, decoder, pixelHead,
                        audioHead);
            } else {
                model = new TvltForPreTraining(config, tvlt, matching, null, null, null, null, null, null);
            }
            p.finish();
            return load.complete(model);
        }
    }

    private static void checkConfig(TvltConfig config) {
        if (!config.taskMatching() && !config.taskMae()) {
            throw new ConfigException("TvltForPreTraining needs task_matching or task_mae (both are false)");
        }
        int[] ip = config.imagePatchSize();
        if (config.taskMae() && ip[0] != ip[1]) {
            throw new ConfigException("the pixel MAE head needs square image patches (the reference sizes it as "
                    + "image_patch_size[0]^2 * channels), got image_patch_size " + Arrays.toString(ip));
        }
    }

    /** @return the config */
    public TvltConfig config() {
        return config;
    }

    /**
     * The encoder inside this model, to embed clips with the same weights (say, a {@link
     * ai.tvlt.models.pipeline.TvltEmbedder} beside the heads) instead of loading them twice. It belongs to
     * this model: {@link #close()} closes it, and closing it first makes this model's forwards fail.
     *
     * @return the encoder ({@code tvlt.*} weights)
     */
    public TvltModel encoder() {
        return tvlt;
    }

    /**
     * Runs the matching task, and in reconstruct mode the masked-autoencoder task (see the class comment
     * for which task runs when).
     *
     * @param input the arguments
     * @return the outputs of the tasks that ran
     * @throws InvalidInputException when an argument does not fit the config (naming it), labels have
     *     the wrong shape or values, or no task can run
     * @throws ClosedException after {@link #close()}
     */
    public TvltForPreTrainingOutput forward(TvltForPreTrainingInput input) {
        Plan plan = plan(input);
        return lifecycle.use(() -> tvlt.threads().run(() -> run(input, plan)));
    }

    /**
     * What a validated call runs.
     *
     * @param batch B
     * @param matching the matching pass's encoder input, or null when the task does not run
     * @param mae the masked pass's encoder input, or null when the task does not run
     */
    private record Plan(int batch, TvltModelInput matching, TvltModelInput mae) {
    }

    private Plan plan(TvltForPreTrainingInput in) {
        if (in == null) {
            throw new InvalidInputException("the input must not be null: build one with "
                    + "TvltForPreTrainingInput.builder()");
        }
        boolean runMae = in.reconstruct() && config.taskMae();
        boolean runMatching = config.taskMatching()
                && (!in.reconstruct() || in.pixelValuesMixed().isPresent() || in.labels().isPresent());
        if (!runMatching && !runMae) {
            throw new InvalidInputException(config.taskMatching()
                    ? "reconstruct mode without the matching task needs task_mae, which is false in this model's config"
                    : "this model has no matching head (task_matching is false in its config): only reconstruct "
                            + "mode has a task to run");
        }
        TvltModelInput base = TvltModelInput.builder()
                .inputs(in.inputs())
                .maskPixel(runMae).maskAudio(runMae)
                .pixelMaskNoise(runMae ? in.pixelMaskNoise().orElse(null) : null)
                .audioMaskNoise(runMae ? in.audioMaskNoise().orElse(null) : null)
                .seed(in.seed())
                .outputHiddenStates(in.outputHiddenStates()).outputAttentions(in.outputAttentions())
                .build();
        int batch = TvltInputCheck.check(base, config).batch();
        TvltModelInput matching = null;
        if (runMatching) {
            matching = matchingInput(in, runMae);
            in.labels().ifPresent(l -> checkLabels(l, batch));
        }
        return new Plan(batch, matching, runMae ? base : null);
    }

    /** The matching pass: pixel_values_mixed when given, else pixel_values; output flags only if it is the last pass. */
    private TvltModelInput matchingInput(TvltForPreTrainingInput in, boolean maeFollows) {
        boolean mixed = in.pixelValuesMixed().isPresent();
        TvltModelInput matching = TvltModelInput.builder()
                .inputs(mixed ? in.inputs().withPixels(in.pixelValuesMixed().get(), in.pixelMaskMixed().orElse(null))
                        : in.inputs())
                .outputHiddenStates(in.outputHiddenStates() && !maeFollows)
                .outputAttentions(in.outputAttentions() && !maeFollows)
                .build();
        if (mixed) {
            TvltInputCheck.check(matching, config, "pixel_values_mixed", "pixel_mask_mixed");
        }
        return matching;
    }

    private static void checkLabels(FloatTensor labels, int batch) {
        long[] s = labels.shape();
        boolean fits = (s.length == 1 && s[0] == batch) || (s.length == 2 && s[0] == batch && s[1] == 1);
        if (!fits) {
            throw new InvalidInputException("labels must have shape [" + batch + ", 1] (float matching labels), got "
                    + Arrays.toString(s));
        }
        for (int i = 0; i < labels.size(); i++) {
            float v = labels.get(i);
            if (!(v >= 0f && v <= 1f)) {
                throw new InvalidInputException("labels must be matching probabilities in [0, 1], got " + v
                        + " at flat index " + i);
            }
        }
    }

    private TvltForPreTrainingOutput run(TvltForPreTrainingInput in, Plan plan) {
        int batch = plan.batch();
        FloatTensor matchingLogits = null;
        FloatTensor matchingLoss = null;
        TvltModelOutput last = null;
        if (plan.matching() != null) {
            last = tvlt.forward(plan.matching());
            FloatTensor h = last.lastHiddenState();
            float[] logits = matchingHead.forward(h.data(), batch, (int) h.dim(1));
            matchingLogits = FloatTensor.wrap(logits, batch, 1);
            if (in.labels().isPresent()) {
                matchingLoss = scalar(TvltMatchingHead.loss(logits, in.labels().get().data()));
            }
        }
        Reconstruction mae = null;
        if (plan.mae() != null) {
            last = tvlt.forward(plan.mae());
            mae = reconstruct(in, last, batch);
        }
        return output(matchingLogits, matchingLoss, mae, last);
    }

    /**
     * The MAE branch's results.
     *
     * @param encoder the masked encoder pass (label masks, ids_restore)
     * @param pixelLogits [B, T*P, p*p*C]
     * @param audioLogits [B, Pa, p*q*C]
     * @param pixelLoss the pixel term
     * @param audioLoss the audio term
     */
    private record Reconstruction(TvltModelOutput encoder, FloatTensor pixelLogits, FloatTensor audioLogits,
            float pixelLoss, float audioLoss) {
    }

    private Reconstruction reconstruct(TvltForPreTrainingInput in, TvltModelOutput enc, int batch) {
        FloatTensor pixelMasks = enc.pixelLabelMasks().orElseThrow();
        FloatTensor audioMasks = enc.audioLabelMasks().orElseThrow();
        int pixelTokens = (int) pixelMasks.dim(1);
        int audioTokens = (int) audioMasks.dim(1);
        float[] pixelLogits = decode(enc.lastPixelHiddenState(), enc.pixelIdsRestore().orElseThrow(), pixelTokens,
                pixelDecoderEmbeddings, pixelMaeHead, batch);
        float[] audioLogits = decode(enc.lastAudioHiddenState(), enc.audioIdsRestore().orElseThrow(), audioTokens,
                audioDecoderEmbeddings, audioMaeHead, batch);
        int[] ip = config.imagePatchSize();
        int[] ap = config.audioPatchSize();
        float pixelLoss = TvltMaeLoss.compute(pixelLogits, Patches.patchifyPixels(in.inputs().pixelValues(), ip[0], ip[1]).data(),
                pixelMasks.data(), pixelMaeHead.outputDim());
        float audioLoss = TvltMaeLoss.compute(audioLogits, Patches.patchifyAudio(in.inputs().audioValues(), ap[0], ap[1]).data(),
                audioMasks.data(), audioMaeHead.outputDim());
        return new Reconstruction(enc,
                FloatTensor.wrap(pixelLogits, batch, pixelTokens, pixelMaeHead.outputDim()),
                FloatTensor.wrap(audioLogits, batch, audioTokens, audioMaeHead.outputDim()),
                pixelLoss, audioLoss);
    }

    /** encoder_to_decoder, mask tokens + un-shuffle + decoder embeddings, the decoder, the MAE head. */
    private float[] decode(FloatTensor keptHidden, LongTensor idsRestore, int tokens, TvltDecoderEmbeddings embeddings,
            TvltMAEHead head, int batch) {
        int keep = (int) keptHidden.dim(1);
        float[] projected = LinearRows.apply(encoderToDecoder, keptHidden.data(), batch * keep);
        float[] decoderInput = embeddings.forward(projected, idsRestore.data(), batch, keep, tokens);
        TvltDecoder.Decoded decoded = decoder.decode(decoderInput, batch, tokens, false, false);
        return head.forward(decoded.logits(), batch * tokens);
    }

    private static TvltForPreTrainingOutput output(FloatTensor matchingLogits, FloatTensor matchingLoss,
            Reconstruction mae, TvltModelOutput last) {
        Float total = matchingLoss == null ? null : matchingLoss.get(0);
        if (mae != null) {
            // float32 additions in the reference's order: matching + (pixel + audio)
            float maeLoss = mae.pixelLoss() + mae.audioLoss();
            total = total == null ? maeLoss : total + maeLoss;
        }
        Optional<TvltModelOutput> enc = Optional.ofNullable(mae).map(Reconstruction::encoder);
        return new TvltForPreTrainingOutput(
                Optional.ofNullable(total).map(TvltForPreTraining::scalar),
                Optional.ofNullable(matchingLogits),
                Optional.ofNullable(mae).map(Reconstruction::pixelLogits),
                Optional.ofNullable(mae).map(Reconstruction::audioLogits),
                enc.flatMap(TvltModelOutput::pixelLabelMasks),
                enc.flatMap(TvltModelOutput::audioLabelMasks),
                enc.flatMap(TvltModelOutput::pixelIdsRestore),
                enc.flatMap(TvltModelOutput::audioIdsRestore),
                Optional.ofNullable(matchingLoss),
                Optional.ofNullable(mae).map(m -> scalar(m.pixelLoss())),
                Optional.ofNullable(mae).map(m -> scalar(m.audioLoss())),
                last.hiddenStates(), last.attentions());
    }

    private static FloatTensor scalar(float v) {
        return FloatTensor.wrap(new float[] {v});
    }

    /** Frees the native weights and scratch buffers, after any running forward has finished. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            tvlt.close();
            if (matchingHead != null) {
                matchingHead.close();
            }
            if (config.taskMae()) {
                encoderToDecoder.close();
                decoder.close();
                pixelMaeHead.close();
                audioMaeHead.close();
            }
        });
    }
}
