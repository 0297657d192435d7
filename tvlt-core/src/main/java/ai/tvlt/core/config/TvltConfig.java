package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TVLT model configuration: every field of transformers v4.34's {@code TvltConfig}, plus the
 * generic {@code PretrainedConfig} fields the heads read ({@code num_labels}, {@code id2label},
 * {@code label2id}, {@code problem_type}) and {@code architectures} / {@code model_type}.
 *
 * <p>Instances are immutable and thread-safe. Accessors are the camelCase form of the HF key
 * ({@code hidden_size} -> {@link #hiddenSize()}). Create one with {@link #defaults()},
 * {@link #builder()} / {@link #toBuilder()} or from a hub {@code config.json} with
 * {@link #fromJson(Path)}; absent keys take the reference defaults (so the diff form written by
 * {@code save_pretrained(use_diff=True)} works), and unknown keys are kept in {@link #extraKeys()} and
 * otherwise ignored.
 *
 * <p>Labels follow {@code PretrainedConfig}: when {@code id2label} is given it defines the labels and
 * {@link #numLabels()} is its size (a disagreeing {@code num_labels} in JSON is ignored with a
 * warning, as HF does); otherwise {@code num_labels} (default 2) generates
 * {@code {0: "LABEL_0", 1: "LABEL_1", ...}}. A missing {@code label2id} is the inverse of
 * {@code id2label}.
 *
 * <p>Differences from transformers: {@code audio_mask_type} accepts both {@code "patch-level"} and
 * {@code "patch_level"} (see {@link AudioMaskType}); an unknown {@code loss_type} is rejected instead
 * of silently producing no loss; sizes, divisibility and ratios are validated up front.
 */
public final class TvltConfig {

    private static final Logger LOG = LoggerFactory.getLogger(TvltConfig.class);

    /** The {@code model_type} of TVLT checkpoints. */
    public static final String MODEL_TYPE = "tvlt";

    /** The HF keys this class reads and writes; all other keys end up in {@link #extraKeys()}. */
    public static final Set<String> KNOWN_KEYS = Set.of(
            "image_size", "spectrogram_length", "frequency_length", "image_patch_size", "audio_patch_size",
            "num_image_channels", "num_audio_channels", "num_frames", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "hidden_act", "hidden_dropout_prob",
            "attention_probs_dropout_prob", "initializer_range", "layer_norm_eps", "qkv_bias",
            "use_mean_pooling", "decoder_num_attention_heads", "decoder_hidden_size",
            "decoder_num_hidden_layers", "decoder_intermediate_size", "pixel_mask_ratio", "audio_mask_ratio",
            "audio_mask_type", "task_matching", "task_mae", "loss_type", "num_labels", "id2label", "label2id",
            "problem_type", "architectures", "model_type");

    private static final Set<String> PROBLEM_TYPES =
            Set.of("regression", "single_label_classification", "multi_label_classification");

    private final int imageSize;
    private final int spectrogramLength;
    private final int frequencyLength;
    private final int[] imagePatchSize;
    private final int[] audioPatchSize;
    private final int numImageChannels;
    private final int numAudioChannels;
    private final int numFrames;
    private final int hiddenSize;
    private final int numHiddenLayers;
    private final int numAttentionHeads;
    private final int intermediateSize;
    private final String hiddenAct;
    private final double hiddenDropoutProb;
    private final double attentionProbsDropoutProb;
    private final double initializerRange;
    private final double layerNormEps;
    private final boolean qkvBias;
    private final boolean useMeanPooling;
    private final int decoderNumAttentionHeads;
    private final int decoderHiddenSize;
    private final int decoderNumHiddenLayers;
    private final int decoderIntermediateSize;
    private final double pixelMaskRatio;
    private final double audioMaskRatio;
    private final AudioMaskType audioMaskType;
    private final boolean taskMatching;
    private final boolean taskMae;
    private final LossType lossType;
    private final Map<Integer, String> id2label;
    private final Map<String, Integer> label2id;
    private final String problemType;
    private final List<String> architectures;
    private final String modelType;
    private final Map<String, JsonNode> extraKeys;

    private TvltConfig(Builder b, Map<Integer, String> id2label, Map<String, Integer> label2id) {
        imageSize = b.imageSize;
        spectrogramLength = b.spectrogramLength;
        frequencyLength = b.frequencyLength;
        imagePatchSize = b.imagePatchSize.clone();
        audioPatchSize = b.audioPatchSize.clone();
        numImageChannels = b.numImageChannels;
        numAudioChannels = b.numAudioChannels;
        numFrames = b.numFrames;
        hiddenSize = b.hiddenSize;
        numHiddenLayers = b.numHiddenLayers;
        numAttentionHeads = b.numAttentionHeads;
        intermediateSize = b.intermediateSize;
        hiddenAct = b.hiddenAct;
        hiddenDropoutProb = b.hiddenDropoutProb;
        attentionProbsDropoutProb = b.attentionProbsDropoutProb;
        initializerRange = b.initializerRange;
        layerNormEps = b.layerNormEps;
        qkvBias = b.qkvBias;
        useMeanPooling = b.useMeanPooling;
        decoderNumAttentionHeads = b.decoderNumAttentionHeads;
        decoderHiddenSize = b.decoderHiddenSize;
        decoderNumHiddenLayers = b.decoderNumHiddenLayers;
        decoderIntermediateSize = b.decoderIntermediateSize;
        pixelMaskRatio = b.pixelMaskRatio;
        audioMaskRatio = b.audioMaskRatio;
        audioMaskType = b.audioMaskType;
        taskMatching = b.taskMatching;
        taskMae = b.taskMae;
        lossType = b.lossType;
        this.id2label = id2label;
        this.label2id = label2id;
        problemType = b.problemType;
        architectures = List.copyOf(b.architectures);
        modelType = b.modelType;
        extraKeys = deepCopy(b.extraKeys);
    }

    // ------------------------------------------------------------------ factories

    /**
     * The reference defaults (transformers v4.34 {@code TvltConfig()}).
     *
     * @return a config with every field at its default
     */
    public static TvltConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the reference defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this config's values (labels, architectures and extra keys included).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads a hub {@code config.json}, full or diff form.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException if the file cannot be read, is malformed JSON (the message names the
     *     file) or holds an invalid value (the message names the file and the key)
     */
    public static TvltConfig fromJson(Path file) {
        ObjectNode obj = ConfigJson.readObject(file);
        try {
            return fromObject(obj);
        } catch (ConfigException e) {
            throw ConfigJson.inSource(file.toString(), e);
        }
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param json the JSON text (one object)
     * @return the config
     * @throws ConfigException if the JSON is malformed or holds an invalid value (the message names
     *     the key)
     */
    public static TvltConfig fromJson(String json) {
        return fromObject(ConfigJson.readObject(json));
    }

    /**
     * Reads a {@code config.json} from a stream, which is left open.
     *
     * @param in the stream
     * @return the config
     * @throws ConfigException if the stream cannot be read, is malformed or holds an invalid value
     */
    public static TvltConfig fromJson(InputStream in) {
        return fromObject(ConfigJson.readObject(in));
    }

    private static TvltConfig fromObject(ObjectNode obj) {
        ConfigNode in = new ConfigNode(obj);
        Builder b = builder();
        readSizes(in, b);
        readEncoder(in, b);
        readDecoderAndTasks(in, b);
        readLabels(in, b);
        in.textList("architectures", b::architectures);
        in.text("model_type", b::modelType);
        b.extraKeys(in.remaining());
        return b.build();
    }

    private static void readSizes(ConfigNode in, Builder b) {
        in.integer("image_size", b::imageSize);
        in.integer("spectrogram_length", b::spectrogramLength);
        in.integer("frequency_length", b::frequencyLength);
        in.intPair("image_patch_size", b::imagePatchSize);
        in.intPair("audio_patch_size", b::audioPatchSize);
        in.integer("num_image_channels", b::numImageChannels);
        in.integer("num_audio_channels", b::numAudioChannels);
        in.integer("num_frames", b::numFrames);
    }

    private static void readEncoder(ConfigNode in, Builder b) {
        in.integer("hidden_size", b::hiddenSize);
        in.integer("num_hidden_layers", b::numHiddenLayers);
        in.integer("num_attention_heads", b::numAttentionHeads);
        in.integer("intermediate_size", b::intermediateSize);
        in.text("hidden_act", b::hiddenAct);
        in.number("hidden_dropout_prob", b::hiddenDropoutProb);
        in.number("attention_probs_dropout_prob", b::attentionProbsDropoutProb);
        in.number("initializer_range", b::initializerRange);
        in.number("layer_norm_eps", b::layerNormEps);
        in.bool("qkv_bias", b::qkvBias);
        in.bool("use_mean_pooling", b::useMeanPooling);
    }

    private static void readDecoderAndTasks(ConfigNode in, Builder b) {
        in.integer("decoder_num_attention_heads", b::decoderNumAttentionHeads);
        in.integer("decoder_hidden_size", b::decoderHiddenSize);
        in.integer("decoder_num_hidden_layers", b::decoderNumHiddenLayers);
        in.integer("decoder_intermediate_size", b::decoderIntermediateSize);
        in.number("pixel_mask_ratio", b::pixelMaskRatio);
        in.number("audio_mask_ratio", b::audioMaskRatio);
        in.text("audio_mask_type", b::audioMaskType);
        in.bool("task_matching", b::taskMatching);
        in.bool("task_mae", b::taskMae);
        in.text("loss_type", b::lossType);
    }

    /** Largest {@code num_labels} for which {@code LABEL_i} names are generated (fuzzing finding). */
    public static final int MAX_GENERATED_LABELS = 1_000_000;

    /** HF order: num_labels first, then id2label overrides it (PretrainedConfig.__init__). */
    private static void readLabels(ConfigNode in, Builder b) {
        int[] numLabels = {-1};
        in.integer("num_labels", n -> {
            numLabels[0] = n;
            b.numLabels(n);
        });
        in.raw("id2label", n -> b.id2label(parseId2Label(n)));
        in.raw("label2id", n -> b.label2id(parseLabel2Id(n)));
        in.nullableText("problem_type", b::problemType);
        if (numLabels[0] >= 0 && b.id2label != null && b.id2label.size() != numLabels[0]) {
            LOG.warn("TvltConfig: num_labels={} disagrees with id2label ({} entries); using id2label, as "
                    + "transformers does", numLabels[0], b.id2label.size());
        }
    }

    private static Map<Integer, String> parseId2Label(JsonNode node) {
        if (!node.isObject()) {
            throw ConfigNode.typeError("id2label", "an object mapping ids to names", node);
        }
        Map<Integer, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(parseLabelId(e.getKey()), ConfigNode.toText("id2label[" + e.getKey() + "]", e.getValue()));
        }
        return out;
    }

    private static int parseLabelId(String key) {
        try {
            return Integer.parseInt(key.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("'id2label' keys must be integers, got \"" + key + "\"", e);
        }
    }

    private static Map<String, Integer> parseLabel2Id(JsonNode node) {
        if (!node.isObject()) {
            throw ConfigNode.typeError("label2id", "an object mapping names to ids", node);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), ConfigNode.toInt("label2id[" + e.getKey() + "]", e.getValue()));
        }
        return out;
    }

    // ------------------------------------------------------------------ JSON output

    /**
     * Serialises this config with HF key names, keys sorted and indented like {@code save_pretrained}.
     * Extra keys read from a file are written back unchanged, so a read/write round trip keeps them.
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, JsonNode> out = new LinkedHashMap<>(deepCopy(extraKeys));
        out.putAll(knownKeysAsJson());
        return ConfigJson.writeSorted(out);
    }

    private Map<String, JsonNode> knownKeysAsJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("image_size", f.numberNode(imageSize));
        m.put("spectrogram_length", f.numberNode(spectrogramLength));
        m.put("frequency_length", f.numberNode(frequencyLength));
        m.put("image_patch_size", intArray(imagePatchSize));
        m.put("audio_patch_size", intArray(audioPatchSize));
        m.put("num_image_channels", f.numberNode(numImageChannels));
        m.put("num_audio_channels", f.numberNode(numAudioChannels));
        m.put("num_frames", f.numberNode(numFrames));
        m.put("hidden_size", f.numberNode(hiddenSize));
        m.put("num_hidden_layers", f.numberNode(numHiddenLayers));
        m.put("num_attention_heads", f.numberNode(numAttentionHeads));
        m.put("intermediate_size", f.numberNode(intermediateSize));
        m.put("hidden_act", f.textNode(hiddenAct));
        m.put("hidden_dropout_prob", f.numberNode(hiddenDropoutProb));
        m.put("attention_probs_dropout_prob", f.numberNode(attentionProbsDropoutProb));
        m.put("initializer_range", f.numberNode(initializerRange));
        m.put("layer_norm_eps", f.numberNode(layerNormEps));
        m.put("qkv_bias", f.booleanNode(qkvBias));
        m.put("use_mean_pooling", f.booleanNode(useMeanPooling));
        putDecoderAndTasks(m, f);
        putLabels(m, f);
        return m;
    }

    private void putDecoderAndTasks(Map<String, JsonNode> m, JsonNodeFactory f) {
        m.put("decoder_num_attention_heads", f.numberNode(decoderNumAttentionHeads));
        m.put("decoder_hidden_size", f.numberNode(decoderHiddenSize));
        m.put("decoder_num_hidden_layers", f.numberNode(decoderNumHiddenLayers));
        m.put("decoder_intermediate_size", f.numberNode(decoderIntermediateSize));
        m.put("pixel_mask_ratio", f.numberNode(pixelMaskRatio));
        m.put("audio_mask_ratio", f.numberNode(audioMaskRatio));
        m.put("audio_mask_type", f.textNode(audioMaskType.jsonValue()));
        m.put("task_matching", f.booleanNode(taskMatching));
        m.put("task_mae", f.booleanNode(taskMae));
        m.put("loss_type", f.textNode(lossType.jsonValue()));
        m.put("model_type", f.textNode(modelType));
    }

    private void putLabels(Map<String, JsonNode> m, JsonNodeFactory f) {
        ObjectNode i2l = f.objectNode();
        id2label.forEach((k, v) -> i2l.put(String.valueOf(k), v));
        ObjectNode l2i = f.objectNode();
        label2id.forEach(l2i::put);
        m.put("num_labels", f.numberNode(numLabels()));
        m.put("id2label", i2l);
        m.put("label2id", l2i);
        m.put("problem_type", problemType == null ? f.nullNode() : f.textNode(problemType));
        if (architectures.isEmpty()) {
            m.put("architectures", f.nullNode());
        } else {
            ArrayNode a = f.arrayNode();
            architectures.forEach(a::add);
            m.put("architectures", a);
        }
    }

    private static ArrayNode intArray(int[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static Map<String, JsonNode> deepCopy(Map<String, JsonNode> in) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------ accessors

    /** @return {@code image_size}: height and width of a video frame (default 224) */
    public int imageSize() {
        return imageSize;
    }

    /** @return {@code spectrogram_length}: maximum number of spectrogram time rows (default 2048) */
    public int spectrogramLength() {
        return spectrogramLength;
    }

    /** @return {@code frequency_length}: number of mel bins (default 128) */
    public int frequencyLength() {
        return frequencyLength;
    }

    /** @return a copy of {@code image_patch_size}: [height, width] of an image patch (default [16, 16]) */
    public int[] imagePatchSize() {
        return imagePatchSize.clone();
    }

    /** @return a copy of {@code audio_patch_size}: [time, frequency] of an audio patch (default [16, 16]) */
    public int[] audioPatchSize() {
        return audioPatchSize.clone();
    }

    /** @return {@code num_image_channels} (default 3) */
    public int numImageChannels() {
        return numImageChannels;
    }

    /** @return {@code num_audio_channels} (default 1) */
    public int numAudioChannels() {
        return numAudioChannels;
    }

    /** @return {@code num_frames}: maximum number of video frames (default 8) */
    public int numFrames() {
        return numFrames;
    }

    /** @return {@code hidden_size} of the encoder (default 768) */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return {@code num_hidden_layers} of the encoder (default 12) */
    public int numHiddenLayers() {
        return numHiddenLayers;
    }

    /** @return {@code num_attention_heads} of the encoder (default 12) */
    public int numAttentionHeads() {
        return numAttentionHeads;
    }

    /** @return {@code intermediate_size} of the encoder MLP (default 3072) */
    public int intermediateSize() {
        return intermediateSize;
    }

    /** @return {@code hidden_act}: activation of encoder and decoder MLPs (default "gelu") */
    public String hiddenAct() {
        return hiddenAct;
    }

    /** @return {@code hidden_dropout_prob} (default 0.0; unused at inference) */
    public double hiddenDropoutProb() {
        return hiddenDropoutProb;
    }

    /** @return {@code attention_probs_dropout_prob} (default 0.0; unused at inference) */
    public double attentionProbsDropoutProb() {
        return attentionProbsDropoutProb;
    }

    /** @return {@code initializer_range} (default 0.02; unused at inference) */
    public double initializerRange() {
        return initializerRange;
    }

    /** @return {@code layer_norm_eps} (default 1e-6) */
    public double layerNormEps() {
        return layerNormEps;
    }

    /** @return {@code qkv_bias}: whether query/key/value projections have a bias (default true) */
    public boolean qkvBias() {
        return qkvBias;
    }

    /**
     * {@code use_mean_pooling} (default false). Reference quirk, matched: when true, the encoder's
     * final LayerNorm is skipped and NO mean pooling happens anywhere; the heads still read token 0.
     *
     * @return the flag
     */
    public boolean useMeanPooling() {
        return useMeanPooling;
    }

    /** @return {@code decoder_num_attention_heads} (default 16) */
    public int decoderNumAttentionHeads() {
        return decoderNumAttentionHeads;
    }

    /** @return {@code decoder_hidden_size} (default 512) */
    public int decoderHiddenSize() {
        return decoderHiddenSize;
    }

    /** @return {@code decoder_num_hidden_layers} (default 8) */
    public int decoderNumHiddenLayers() {
        return decoderNumHiddenLayers;
    }

    /** @return {@code decoder_intermediate_size} (default 2048) */
    public int decoderIntermediateSize() {
        return decoderIntermediateSize;
    }

    /** @return {@code pixel_mask_ratio}: fraction of pixel tokens masked by MAE masking (default 0.75) */
    public double pixelMaskRatio() {
        return pixelMaskRatio;
    }

    /** @return {@code audio_mask_ratio}: fraction of audio tokens masked by MAE masking (default 0.15) */
    public double audioMaskRatio() {
        return audioMaskRatio;
    }

    /** @return {@code audio_mask_type} (default {@link AudioMaskType#FRAME_LEVEL}) */
    public AudioMaskType audioMaskType() {
        return audioMaskType;
    }

    /** @return {@code task_matching}: whether pre-training has the matching head (default true) */
    public boolean taskMatching() {
        return taskMatching;
    }

    /** @return {@code task_mae}: whether pre-training has the MAE decoder (default true) */
    public boolean taskMae() {
        return taskMae;
    }

    /** @return {@code loss_type} of the classification head (default {@link LossType#CLASSIFICATION}) */
    public LossType lossType() {
        return lossType;
    }

    /** @return {@code num_labels}: the size of {@link #id2label()} (default 2) */
    public int numLabels() {
        return id2label.size();
    }

    /** @return unmodifiable {@code id2label}, ordered by id (default {0: "LABEL_0", 1: "LABEL_1"}) */
    public Map<Integer, String> id2label() {
        return id2label;
    }

    /** @return unmodifiable {@code label2id} (default: the inverse of {@link #id2label()}) */
    public Map<String, Integer> label2id() {
        return label2id;
    }

    /**
     * {@code problem_type}: {@code "regression"}, {@code "single_label_classification"},
     * {@code "multi_label_classification"}, or empty (the default). TVLT's head uses
     * {@link #lossType()} instead; this is kept for completeness.
     *
     * @return the problem type, if set
     */
    public Optional<String> problemType() {
        return Optional.ofNullable(problemType);
    }

    /** @return unmodifiable {@code architectures}, e.g. ["TvltForPreTraining"]; empty when absent */
    public List<String> architectures() {
        return architectures;
    }

    /** @return {@code model_type} (default and normally {@value #MODEL_TYPE}) */
    public String modelType() {
        return modelType;
    }

    /**
     * The keys this class does not know (for example {@code torch_dtype}, {@code transformers_version},
     * {@code return_dict}), as read from the file. They are ignored by the library.
     *
     * @return an unmodifiable map, in file order, of deep copies (changing them does not change this
     *     config)
     */
    public Map<String, JsonNode> extraKeys() {
        return deepCopy(extraKeys);
    }

    // ------------------------------------------------------------------ derived values

    /** @return encoder head dimension: {@code hidden_size / num_attention_heads} */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** @return decoder head dimension: {@code decoder_hidden_size / decoder_num_attention_heads} */
    public int decoderHeadDim() {
        return decoderHiddenSize / decoderNumAttentionHeads;
    }

    /**
     * Pixel patches per video frame: {@code (image_size / p0) * (image_size / p1)} with
     * {@code [p0, p1] = image_patch_size}; the length of {@code pos_embed_v}.
     *
     * @return patches per frame
     */
    public int numPixelPatchesPerFrame() {
        return (imageSize / imagePatchSize[0]) * (imageSize / imagePatchSize[1]);
    }

    /** @return maximum number of pixel tokens: {@code num_frames * numPixelPatchesPerFrame()} */
    public int maxPixelPatches() {
        return numFrames * numPixelPatchesPerFrame();
    }

    /**
     * Frequency patches per audio time patch: {@code frequency_length / audio_patch_size[1]}; the
     * length of {@code freq_embed} (the masking code's {@code freq_len}).
     *
     * @return patches per time row
     */
    public int numFreqPatches() {
        return frequencyLength / audioPatchSize[1];
    }

    /**
     * Maximum number of audio time patches: {@code spectrogram_length / audio_patch_size[0]}; the
     * length of {@code pos_embed_a}.
     *
     * @return time patches
     */
    public int maxAudioTimePatches() {
        return spectrogramLength / audioPatchSize[0];
    }

    // ------------------------------------------------------------------ Object

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TvltConfig)) {
            return false;
        }
        TvltConfig c = (TvltConfig) o;
        return knownKeysAsJson().equals(c.knownKeysAsJson()) && extraKeys.equals(c.extraKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(knownKeysAsJson(), extraKeys);
    }

    /** @return a one-line summary of the main sizes */
    @Override
    public String toString() {
        return "TvltConfig{hidden_size=" + hiddenSize + ", num_hidden_layers=" + numHiddenLayers
                + ", num_attention_heads=" + numAttentionHeads + ", image_size=" + imageSize
                + ", image_patch_size=" + Arrays.toString(imagePatchSize) + ", num_frames=" + numFrames
                + ", spectrogram_length=" + spectrogramLength + ", frequency_length=" + frequencyLength
                + ", audio_patch_size=" + Arrays.toString(audioPatchSize) + ", audio_mask_type="
                + audioMaskType.jsonValue() + ", use_mean_pooling=" + useMeanPooling + ", loss_type="
                + lossType.jsonValue() + ", num_labels=" + numLabels() + ", architectures=" + architectures
                + "}";
    }

    // ------------------------------------------------------------------ builder

    /**
     * Fluent builder for {@link TvltConfig}, starting from the reference defaults. Setters only
     * store values; {@link #build()} validates them. Not thread-safe.
     */
    public static final class Builder {
        private int imageSize = 224;
        private int spectrogramLength = 2048;
        private int frequencyLength = 128;
        private int[] imagePatchSize = {16, 16};
        private int[] audioPatchSize = {16, 16};
        private int numImageChannels = 3;
        private int numAudioChannels = 1;
        private int numFrames = 8;
        private int hiddenSize = 768;
        private int numHiddenLayers = 12;
        private int numAttentionHeads = 12;
        private int intermediateSize = 3072;
        private String hiddenAct = "gelu";
        private double hiddenDropoutProb = 0.0;
        private double attentionProbsDropoutProb = 0.0;
        private double initializerRange = 0.02;
        private double layerNormEps = 1e-6;
        private boolean qkvBias = true;
        private boolean useMeanPooling = false;
        private int decoderNumAttentionHeads = 16;
        private int decoderHiddenSize = 512;
        private int decoderNumHiddenLayers = 8;
        private int decoderIntermediateSize = 2048;
        private double pixelMaskRatio = 0.75;
        private double audioMaskRatio = 0.15;
        private AudioMaskType audioMaskType = AudioMaskType.FRAME_LEVEL;
        private boolean taskMatching = true;
        private boolean taskMae = true;
        private LossType lossType = LossType.CLASSIFICATION;
        private int numLabels = 2;
        private Map<Integer, String> id2label;
        private Map<String, Integer> label2id;
        private String problemType;
        private List<String> architectures = List.of();
        private String modelType = MODEL_TYPE;
        private Map<String, JsonNode> extraKeys = Map.of();

        private Builder() {
        }

        private Builder(TvltConfig c) {
            imageSize = c.imageSize;
            spectrogramLength = c.spectrogramLength;
            frequencyLength = c.frequencyLength;
            imagePatchSize = c.imagePatchSize.clone();
            audioPatchSize = c.audioPatchSize.clone();
            numImageChannels = c.numImageChannels;
            numAudioChannels = c.numAudioChannels;
            numFrames = c.numFrames;
            hiddenSize = c.hiddenSize;
            numHiddenLayers = c.numHiddenLayers;
            numAttentionHeads = c.numAttentionHeads;
            intermediateSize = c.intermediateSize;
            hiddenAct = c.hiddenAct;
            hiddenDropoutProb = c.hiddenDropoutProb;
            attentionProbsDropoutProb = c.attentionProbsDropoutProb;
            initializerRange = c.initializerRange;
            layerNormEps = c.layerNormEps;
            qkvBias = c.qkvBias;
            useMeanPooling = c.useMeanPooling;
            copyDecoderAndLabels(c);
        }

        private void copyDecoderAndLabels(TvltConfig c) {
            decoderNumAttentionHeads = c.decoderNumAttentionHeads;
            decoderHiddenSize = c.decoderHiddenSize;
            decoderNumHiddenLayers = c.decoderNumHiddenLayers;
            decoderIntermediateSize = c.decoderIntermediateSize;
            pixelMaskRatio = c.pixelMaskRatio;
            audioMaskRatio = c.audioMaskRatio;
            audioMaskType = c.audioMaskType;
            taskMatching = c.taskMatching;
            taskMae = c.taskMae;
            lossType = c.lossType;
            numLabels = c.numLabels();
            id2label = new TreeMap<>(c.id2label);
            label2id = new LinkedHashMap<>(c.label2id);
            problemType = c.problemType;
            architectures = c.architectures;
            modelType = c.modelType;
            extraKeys = c.extraKeys;
        }

        /**
         * @param v {@code image_size}
         * @return this builder
         */
        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        /**
         * @param v {@code spectrogram_length}
         * @return this builder
         */
        public Builder spectrogramLength(int v) {
            spectrogramLength = v;
            return this;
        }

        /**
         * @param v {@code frequency_length}
         * @return this builder
         */
        public Builder frequencyLength(int v) {
            frequencyLength = v;
            return this;
        }

        /**
         * @param v {@code image_patch_size} (copied; must have two entries)
         * @return this builder
         */
        public Builder imagePatchSize(int... v) {
            imagePatchSize = v == null ? null : v.clone();
            return this;
        }

        /**
         * @param v {@code audio_patch_size} (copied; must have two entries)
         * @return this builder
         */
        public Builder audioPatchSize(int... v) {
            audioPatchSize = v == null ? null : v.clone();
            return this;
        }

        /**
         * @param v {@code num_image_channels}
         * @return this builder
         */
        public Builder numImageChannels(int v) {
            numImageChannels = v;
            return this;
        }

        /**
         * @param v {@code num_audio_channels}
         * @return this builder
         */
        public Builder numAudioChannels(int v) {
            numAudioChannels = v;
            return this;
        }

        /**
         * @param v {@code num_frames}
         * @return this builder
         */
        public Builder numFrames(int v) {
            numFrames = v;
            return this;
        }

        /**
         * @param v {@code hidden_size}
         * @return this builder
         */
        public Builder hiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        /**
         * @param v {@code num_hidden_layers}
         * @return this builder
         */
        public Builder numHiddenLayers(int v) {
            numHiddenLayers = v;
            return this;
        }

        /**
         * @param v {@code num_attention_heads}
         * @return this builder
         */
        public Builder numAttentionHeads(int v) {
            numAttentionHeads = v;
            return this;
        }

        /**
         * @param v {@code intermediate_size}
         * @return this builder
         */
        public Builder intermediateSize(int v) {
            intermediateSize = v;
            return this;
        }

        /**
         * @param v {@code hidden_act}, e.g. "gelu"
         * @return this builder
         */
        public Builder hiddenAct(String v) {
            hiddenAct = v;
            return this;
        }

        /**
         * @param v {@code hidden_dropout_prob}
         * @return this builder
         */
        public Builder hiddenDropoutProb(double v) {
            hiddenDropoutProb = v;
            return this;
        }

        /**
         * @param v {@code attention_probs_dropout_prob}
         * @return this builder
         */
        public Builder attentionProbsDropoutProb(double v) {
            attentionProbsDropoutProb = v;
            return this;
        }

        /**
         * @param v {@code initializer_range}
         * @return this builder
         */
        public Builder initializerRange(double v) {
            initializerRange = v;
            return this;
        }

        /**
         * @param v {@code layer_norm_eps}
         * @return this builder
         */
        public Builder layerNormEps(double v) {
            layerNormEps = v;
            return this;
        }

        /**
         * @param v {@code qkv_bias}
         * @return this builder
         */
        public Builder qkvBias(boolean v) {
            qkvBias = v;
            return this;
        }

        /**
         * @param v {@code use_mean_pooling}
         * @return this builder
         */
        public Builder useMeanPooling(boolean v) {
            useMeanPooling = v;
            return this;
        }

        /**
         * @param v {@code decoder_num_attention_heads}
         * @return this builder
         */
        public Builder decoderNumAttentionHeads(int v) {
            decoderNumAttentionHeads = v;
            return this;
        }

        /**
         * @param v {@code decoder_hidden_size}
         * @return this builder
         */
        public Builder decoderHiddenSize(int v) {
            decoderHiddenSize = v;
            return this;
        }

        /**
         * @param v {@code decoder_num_hidden_layers}
         * @return this builder
         */
        public Builder decoderNumHiddenLayers(int v) {
            decoderNumHiddenLayers = v;
            return this;
        }

        /**
         * @param v {@code decoder_intermediate_size}
         * @return this builder
         */
        public Builder decoderIntermediateSize(int v) {
            decoderIntermediateSize = v;
            return this;
        }

        /**
         * @param v {@code pixel_mask_ratio}, in [0, 1)
         * @return this builder
         */
        public Builder pixelMaskRatio(double v) {
            pixelMaskRatio = v;
            return this;
        }

        /**
         * @param v {@code audio_mask_ratio}, in [0, 1)
         * @return this builder
         */
        public Builder audioMaskRatio(double v) {
            audioMaskRatio = v;
            return this;
        }

        /**
         * @param v {@code audio_mask_type}
         * @return this builder
         */
        public Builder audioMaskType(AudioMaskType v) {
            audioMaskType = v;
            return this;
        }

        /**
         * @param v {@code audio_mask_type} as in JSON: "frame-level", "patch-level" or "patch_level"
         * @return this builder
         * @throws ConfigException naming {@code audio_mask_type} for any other value
         */
        public Builder audioMaskType(String v) {
            audioMaskType = AudioMaskType.fromJsonValue(v);
            return this;
        }

        /**
         * @param v {@code task_matching}
         * @return this builder
         */
        public Builder taskMatching(boolean v) {
            taskMatching = v;
            return this;
        }

        /**
         * @param v {@code task_mae}
         * @return this builder
         */
        public Builder taskMae(boolean v) {
            taskMae = v;
            return this;
        }

        /**
         * @param v {@code loss_type}
         * @return this builder
         */
        public Builder lossType(LossType v) {
            lossType = v;
            return this;
        }

        /**
         * @param v {@code loss_type} as in JSON: "classification" or "regression"
         * @return this builder
         * @throws ConfigException naming {@code loss_type} for any other value
         */
        public Builder lossType(String v) {
            lossType = LossType.fromJsonValue(v);
            return this;
        }

        /**
         * Sets {@code num_labels}, like HF's setter: if the current {@code id2label} has a different
         * size it is replaced by {@code {0: "LABEL_0", ...}} and {@code label2id} by its inverse.
         *
         * @param v the number of labels (positive)
         * @return this builder
         */
        public Builder numLabels(int v) {
            numLabels = v;
            if (id2label != null && id2label.size() != v) {
                id2label = null;
                label2id = null;
            }
            return this;
        }

        /**
         * Sets {@code id2label}; {@code num_labels} becomes its size.
         *
         * @param v id to label name (copied); null restores the generated labels
         * @return this builder
         */
        public Builder id2label(Map<Integer, String> v) {
            id2label = v == null ? null : new TreeMap<>(v);
            if (id2label != null) {
                numLabels = id2label.size();
            }
            return this;
        }

        /**
         * Sets {@code label2id}; when not set (or null) it is the inverse of {@code id2label}.
         *
         * @param v label name to id (copied)
         * @return this builder
         */
        public Builder label2id(Map<String, Integer> v) {
            label2id = v == null ? null : new LinkedHashMap<>(v);
            return this;
        }

        /**
         * @param v {@code problem_type}, or null
         * @return this builder
         */
        public Builder problemType(String v) {
            problemType = v;
            return this;
        }

        /**
         * @param v {@code architectures} (copied)
         * @return this builder
         */
        public Builder architectures(List<String> v) {
            architectures = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        /**
         * @param v {@code model_type}
         * @return this builder
         */
        public Builder modelType(String v) {
            modelType = v;
            return this;
        }

        /**
         * Sets the unknown keys kept alongside the config (deep-copied).
         *
         * @param v key to JSON value; must not contain a key of {@link TvltConfig#KNOWN_KEYS}
         * @return this builder
         * @throws ConfigException if a key is a known key
         */
        public Builder extraKeys(Map<String, JsonNode> v) {
            Map<String, JsonNode> copy = new LinkedHashMap<>();
            if (v != null) {
                v.forEach((k, node) -> copy.put(k, Checks.notNull(k, node).deepCopy()));
            }
            for (String k : copy.keySet()) {
                if (KNOWN_KEYS.contains(k)) {
                    throw new ConfigException("'" + k + "' is a TvltConfig key and cannot be an extra key");
                }
            }
            extraKeys = copy;
            return this;
        }

        /**
         * Validates the values and creates the config.
         *
         * @return the config
         * @throws ConfigException naming the offending key
         */
        public TvltConfig build() {
            validateSizes();
            validateEncoder();
            validateDecoderAndTasks();
            Map<Integer, String> labels = resolveId2Label();
            return new TvltConfig(this, labels, resolveLabel2Id(labels));
        }

        private void validateSizes() {
            Checks.positive("image_size", imageSize);
            Checks.positive("spectrogram_length", spectrogramLength);
            Checks.positive("frequency_length", frequencyLength);
            Checks.positivePair("image_patch_size", imagePatchSize);
            Checks.positivePair("audio_patch_size", audioPatchSize);
            Checks.positive("num_image_channels", numImageChannels);
            Checks.positive("num_audio_channels", numAudioChannels);
            Checks.positive("num_frames", numFrames);
            Checks.divisible("image_size", imageSize, "image_patch_size[0]", imagePatchSize[0]);
            Checks.divisible("image_size", imageSize, "image_patch_size[1]", imagePatchSize[1]);
            Checks.atLeast("spectrogram_length", spectrogramLength, "audio_patch_size[0]", audioPatchSize[0]);
            Checks.atLeast("frequency_length", frequencyLength, "audio_patch_size[1]", audioPatchSize[1]);
        }

        private void validateEncoder() {
            Checks.positive("hidden_size", hiddenSize);
            Checks.positive("num_hidden_layers", numHiddenLayers);
            Checks.positive("num_attention_heads", numAttentionHeads);
            Checks.positive("intermediate_size", intermediateSize);
            Checks.divisible("hidden_size", hiddenSize, "num_attention_heads", numAttentionHeads);
            if (Checks.notNull("hidden_act", hiddenAct).isBlank()) {
                throw new ConfigException("'hidden_act' must not be empty");
            }
            Checks.unitInterval("hidden_dropout_prob", hiddenDropoutProb, true);
            Checks.unitInterval("attention_probs_dropout_prob", attentionProbsDropoutProb, true);
            Checks.finite("initializer_range", initializerRange);
            if (initializerRange < 0) {
                throw new ConfigException("'initializer_range' must not be negative, got " + initializerRange);
            }
            Checks.positive("layer_norm_eps", layerNormEps);
        }

        private void validateDecoderAndTasks() {
            Checks.positive("decoder_num_attention_heads", decoderNumAttentionHeads);
            Checks.positive("decoder_hidden_size", decoderHiddenSize);
            Checks.positive("decoder_num_hidden_layers", decoderNumHiddenLayers);
            Checks.positive("decoder_intermediate_size", decoderIntermediateSize);
            Checks.divisible("decoder_hidden_size", decoderHiddenSize, "decoder_num_attention_heads",
                    decoderNumAttentionHeads);
            Checks.unitInterval("pixel_mask_ratio", pixelMaskRatio, false);
            Checks.unitInterval("audio_mask_ratio", audioMaskRatio, false);
            Checks.notNull("audio_mask_type", audioMaskType);
            Checks.notNull("loss_type", lossType);
            Checks.notNull("model_type", modelType);
            if (problemType != null && !PROBLEM_TYPES.contains(problemType)) {
                throw new ConfigException("'problem_type' must be \"regression\", "
                        + "\"single_label_classification\", \"multi_label_classification\" or null, got \""
                        + problemType + "\"");
            }
        }

        private Map<Integer, String> resolveId2Label() {
            if (id2label != null) {
                if (id2label.isEmpty()) {
                    throw new ConfigException("'id2label' must not be empty");
                }
                id2label.forEach((id, name) -> Checks.notNull("id2label[" + id + "]", name));
                return Collections.unmodifiableMap(new TreeMap<>(id2label));
            }
            Checks.positive("num_labels", numLabels);
            if (numLabels > MAX_GENERATED_LABELS) {
                // Each label gets a generated name; a hostile config must not allocate millions of them.
                throw new ConfigException("'num_labels' is " + numLabels + "; at most " + MAX_GENERATED_LABELS
                        + " labels are supported without an explicit id2label");
            }
            Map<Integer, String> generated = new TreeMap<>();
            for (int i = 0; i < numLabels; i++) {
                generated.put(i, "LABEL_" + i);
            }
            return Collections.unmodifiableMap(generated);
        }

        private Map<String, Integer> resolveLabel2Id(Map<Integer, String> labels) {
            Map<String, Integer> out = new LinkedHashMap<>();
            if (label2id != null) {
                label2id.forEach((k, v) -> out.put(Checks.notNull("label2id", k),
                        Checks.notNull("label2id[" + k + "]", v)));
            } else {
                labels.forEach((id, name) -> out.put(name, id));
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
