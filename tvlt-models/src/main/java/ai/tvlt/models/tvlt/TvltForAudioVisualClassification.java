package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.LossType;
import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * TVLT with an audio-visual classification head (Hugging Face
 * {@code TvltForAudioVisualClassification}): a {@link TvltModel} ({@code tvlt.*} weights) whose CLS row
 * {@code last_hidden_state[:, 0]} goes through {@link TvltClassifier} to {@code num_labels} logits. As in
 * the reference there is no pooling (also with {@code use_mean_pooling}), and the encoder uses an
 * attention mask only when both {@code pixel_mask} and {@code audio_mask} are given.
 *
 * <p>Loss per {@code loss_type}: {@code "classification"} = cross-entropy (mean) with int64 class ids
 * [B] (-100 = ignored, CrossEntropyLoss's default {@code ignore_index}); {@code "regression"} = mean
 * squared error with float labels [B, num_labels]. Labels of the other type or shape are rejected (the
 * reference would fail, or broadcast [B] against [B, 1] into a wrong value). Class names come from the
 * config's {@code id2label}; {@link #topK} ranks the classes by softmax probability.
 *
 * <p>Memory: as {@link TvltModel}'s (F32 matrices used in place from the mapped file, the rest copied
 * once); {@link #close()} frees them. Thread-safety:
 * {@link #forward} may be called from several threads at once; {@link #close()} waits for running calls
 * and later calls throw {@link ClosedException}.
 */
public final class TvltForAudioVisualClassification implements AutoCloseable {

    private static final String ENCODER_PREFIX = "tvlt.";

    private final TvltConfig config;
    private final TvltModel tvlt;
    private final TvltClassifier classifier;
    private final List<String> labels;
    private final Lifecycle lifecycle = new Lifecycle("TvltForAudioVisualClassification");

    private TvltForAudioVisualClassification(TvltConfig config, TvltModel tvlt, TvltClassifier classifier) {
        this.config = config;
        this.tvlt = tvlt;
        this.classifier = classifier;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < config.numLabels(); i++) {
            names.add(config.id2label().getOrDefault(i, "LABEL_" + i));
        }
        this.labels = List.copyOf(names);
    }

    /**
     * Loads a {@code TvltForAudioVisualClassification} checkpoint folder ({@code config.json} + weights in
     * F32, F16, BF16 or F64).
     *
     * @param dir the checkpoint folder
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltForAudioVisualClassification fromPretrained(Path dir) {
        return fromPretrained(dir, LoadOptions.defaults());
    }

    /**
     * {@link #fromPretrained(Path)} with load options (threads).
     *
     * @param dir the checkpoint folder
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltForAudioVisualClassification fromPretrained(Path dir, LoadOptions options) {
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
    public static TvltForAudioVisualClassification fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /**
     * Like {@link #fromPretrained(String)}, with given hub settings (endpoint, cache folder, token, offline).
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @param hub the hub settings, used only for a hub id
     * @return the model
     */
    public static TvltForAudioVisualClassification fromPretrained(String modelIdOrFolder, HubEnvironment hub) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder, () -> hub));
    }

    /**
     * Binds the model to a store's tensors (copied; the store may be closed afterwards). Every key must
     * be used: {@code tvlt.*} by the encoder, {@code classifier.*} by the head.
     *
     * @param config the model config ({@code num_labels} sizes the last layer)
     * @param store the tensors
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltForAudioVisualClassification create(TvltConfig config, TensorStore store) {
        return create(config, store, LoadOptions.defaults());
    }

    /**
     * {@link #create(TvltConfig, TensorStore)} with load options (threads; the classifier runs on the
     * encoder's threads).
     *
     * @param config the model config ({@code num_labels} sizes the last layer)
     * @param store the tensors
     * @param options the load options
     * @return the model
     * @throws WeightLoadingException listing every missing, unexpected or mis-shaped weight
     */
    public static TvltForAudioVisualClassification create(TvltConfig config, TensorStore store, LoadOptions options) {
        LayerDims.encoder(config);
        ModelMemory.require(config, MemoryEstimate.Scope.CLASSIFICATION);
        try (PartialLoad load = new PartialLoad()) {
            TvltModel tvlt = load.track(TvltModel.create(config, store, ENCODER_PREFIX, options));
            ParameterBinding p = new ParameterBinding(store, "");
            p.boundElsewhere(ENCODER_PREFIX);
            TvltClassifier classifier = load.track(TvltClassifier.bind(p.child("classifier."), config.hiddenSize(),
                    config.numLabels(), config.layerNormEps()));
            p.finish();
            return load.complete(new TvltForAudioVisualClassification(config, tvlt, classifier));
        }
    }

    /** @return the config */
    public TvltConfig config() {
        return config;
    }

    /** @return the class names by index ({@code id2label}; {@code LABEL_<i>} where an id has no name) */
    public List<String> labels() {
        return labels;
    }

    /**
     * Classifies a batch.
     *
     * @param input the arguments
     * @return the logits, the loss when labels are given, and the requested encoder intermediates
     * @throws InvalidInputException when an argument does not fit the config, or labels have the wrong
     *     type, shape or values for {@code loss_type}
     * @throws ClosedException after {@link #close()}
     */
    public TvltClassificationOutput forward(TvltClassificationInput input) {
        if (input == null) {
            throw new InvalidInputException("the input must not be null: build one with "
                    + "TvltClassificationInput.builder()");
        }
        TvltModelInput encoderInput = TvltModelInput.builder()
                .inputs(input.inputs())
                .outputHiddenStates(input.outputHiddenStates()).outputAttentions(input.outputAttentions())
                .build();
        int batch = TvltInputCheck.check(encoderInput, config).batch();
        checkLabels(input, batch);
        return lifecycle.use(() -> tvlt.threads().run(() -> run(input, encoderInput, batch)));
    }

    private void checkLabels(TvltClassificationInput in, int batch) {
        int n = classifier.numLabels();
        if (config.lossType() == LossType.CLASSIFICATION) {
            if (in.regressionLabels().isPresent()) {
                throw new InvalidInputException("labels must be int64 class ids of shape [" + batch
                        + "] for loss_type \"classification\", got float labels");
            }
            in.classLabels().ifPresent(l -> checkClassIds(l, batch, n));
        } else {
            if (in.classLabels().isPresent()) {
                throw new InvalidInputException("labels must be float targets of shape [" + batch + ", " + n
                        + "] for loss_type \"regression\", got int64 labels");
            }
            in.regressionLabels().ifPresent(l -> checkTargets(l, batch, n));
        }
    }

    private static void checkClassIds(LongTensor labels, int batch, int numLabels) {
        long[] s = labels.shape();
        if (s.length != 1 || s[0] != batch) {
            throw new InvalidInputException("labels must have shape [" + batch + "] (one class id per sample), got "
                    + Arrays.toString(s));
        }
        for (int i = 0; i < labels.size(); i++) {
            long v = labels.get(i);
            if ((v < 0 || v >= numLabels) && v != TvltClassificationLoss.IGNORE_INDEX) {
                throw new InvalidInputException("labels must be class ids in [0, " + numLabels + ") (or -100 to "
                        + "ignore a sample), got " + v + " at index " + i);
            }
        }
    }

    private static void checkTargets(FloatTensor labels, int batch, int numLabels) {
        long[] s = labels.shape();
        if (s.length != 2 || s[0] != batch || s[1] != numLabels) {
            throw new InvalidInputException("labels must have shape [" + batch + ", " + numLabels
                    + "] (like the logits) for loss_type \"regression\", got " + Arrays.toString(s));
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!Float.isFinite(labels.get(i))) {
                throw new InvalidInputException("labels must be finite, got " + labels.get(i) + " at flat index " + i);
            }
        }
    }

    private TvltClassificationOutput run(TvltClassificationInput in, TvltModelInput encoderInput, int batch) {
        TvltModelOutput enc = tvlt.forward(encoderInput);
        FloatTensor last = enc.lastHiddenState();
        int seqLen = (int) last.dim(1);
        int d = (int) last.dim(2);
        float[] all = last.data();
        float[] cls = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(all, b * seqLen * d, cls, b * d, d);
        }
        float[] logits = classifier.forward(cls, batch);
        int n = classifier.numLabels();
        Optional<FloatTensor> loss = in.classLabels()
                .map(l -> TvltClassificationLoss.crossEntropy(logits, l.data(), n))
                .or(() -> in.regressionLabels().map(l -> TvltClassificationLoss.meanSquaredError(logits, l.data())))
                .map(v -> FloatTensor.wrap(new float[] {v}));
        return new TvltClassificationOutput(loss, FloatTensor.wrap(logits, batch, n), enc.hiddenStates(),
                enc.attentions());
    }

    /**
     * The {@code k} most probable classes of each sample, by softmax probability (ties: lower index
     * first).
     *
     * @param output a result of this model's {@link #forward}
     * @param k how many classes per sample (at most num_labels are returned)
     * @return per sample, its top classes in descending probability
     * @throws InvalidInputException when k is not positive, the logits do not come from this head, or the
     *     head is a regressor ({@code loss_type="regression"}: its logits are not class scores)
     */
    public List<List<Prediction>> topK(TvltClassificationOutput output, int k) {
        if (config.lossType() != LossType.CLASSIFICATION) {
            throw new InvalidInputException("top-k classes need loss_type \"classification\"; this head is a "
                    + "regressor (loss_type \"regression\"): read its logits");
        }
        if (k < 1) {
            throw new InvalidInputException("k must be at least 1, got " + k);
        }
        long[] s = output.logits().shape();
        if (s.length != 2 || s[1] != labels.size()) {
            throw new InvalidInputException("logits must have shape [batch, " + labels.size() + "], got "
                    + Arrays.toString(s));
        }
        FloatTensor p = output.probabilities();
        int n = labels.size();
        List<List<Prediction>> all = new ArrayList<>();
        for (int b = 0; b < s[0]; b++) {
            List<Prediction> row = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                row.add(new Prediction(labels.get(j), j, p.get(b * n + j)));
            }
            row.sort(Comparator.comparingDouble(Prediction::probability).reversed()
                    .thenComparingInt(Prediction::index));
            all.add(List.copyOf(row.subList(0, Math.min(k, n))));
        }
        return List.copyOf(all);
    }

    /** Frees the native weights and scratch buffers, after any running forward has finished. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            tvlt.close();
            classifier.close();
        });
    }
}
