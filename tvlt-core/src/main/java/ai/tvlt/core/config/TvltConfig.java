package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import java.util.stream.Collectors;
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
 * <p>Each key is described once, in the key table below (name, default, JSON form, check); reading,
 * writing, copying and equality go through that table ({@link ConfigValues}). Checks that relate
 * several keys are in {@link Builder#build()}.
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

    /** Largest {@code num_labels} for which {@code LABEL_i} names are generated (fuzzing finding). */
    public static final int MAX_GENERATED_LABELS = 1_000_000;

    private static final Set<String> PROBLEM_TYPES =
            Set.of("regression", "single_label_classification", "multi_label_classification");

    // ------------------------------------------------------------------ the key table

    private static final ConfigKey<Integer> IMAGE_SIZE = ConfigKey.positiveInt("image_size", 224);
    private static final ConfigKey<Integer> SPECTROGRAM_LENGTH = ConfigKey.positiveInt("spectrogram_length", 2048);
    private static final ConfigKey<Integer> FREQUENCY_LENGTH = ConfigKey.positiveInt("frequency_length", 128);
    private static final ConfigKey<int[]> IMAGE_PATCH_SIZE = ConfigKey.positivePair("image_patch_size", 16, 16);
    private static final ConfigKey<int[]> AUDIO_PATCH_SIZE = ConfigKey.positivePair("audio_patch_size", 16, 16);
    private static final ConfigKey<Integer> NUM_IMAGE_CHANNELS = ConfigKey.positiveInt("num_image_channels", 3);
    private static final ConfigKey<Integer> NUM_AUDIO_CHANNELS = ConfigKey.positiveInt("num_audio_channels", 1);
    private static final ConfigKey<Integer> NUM_FRAMES = ConfigKey.positiveInt("num_frames", 8);
    private static final ConfigKey<Integer> HIDDEN_SIZE = ConfigKey.positiveInt("hidden_size", 768);
    private static final ConfigKey<Integer> NUM_HIDDEN_LAYERS = ConfigKey.positiveInt("num_hidden_layers", 12);
    private static final ConfigKey<Integer> NUM_ATTENTION_HEADS = ConfigKey.positiveInt("num_attention_heads", 12);
    private static final ConfigKey<Integer> INTERMEDIATE_SIZE = ConfigKey.positiveInt("intermediate_size", 3072);
    private static final ConfigKey<String> HIDDEN_ACT = ConfigKey.of("hidden_act", "gelu", ConfigKey.TEXT, (k, v) -> {
        if (v.isBlank()) {
            throw new ConfigException("'" + k + "' must not be empty");
        }
    });
    private static final ConfigKey<Double> HIDDEN_DROPOUT_PROB = ConfigKey.ratio("hidden_dropout_prob", 0.0, true);
    private static final ConfigKey<Double> ATTENTION_PROBS_DROPOUT_PROB =
            ConfigKey.ratio("attention_probs_dropout_prob", 0.0, true);
    private static final ConfigKey<Double> INITIALIZER_RANGE =
            ConfigKey.of("initializer_range", 0.02, ConfigKey.NUMBER, (k, v) -> {
                Checks.finite(k, v);
                if (v < 0) {
                    throw new ConfigException("'" + k + "' must not be negative, got " + v);
                }
            });
    private static final ConfigKey<Double> LAYER_NORM_EPS = ConfigKey.positiveNumber("layer_norm_eps", 1e-6);
    private static final ConfigKey<Boolean> QKV_BIAS = ConfigKey.flag("qkv_bias", true);
    private static final ConfigKey<Boolean> USE_MEAN_POOLING = ConfigKey.flag("use_mean_pooling", false);
    private static final ConfigKey<Integer> DECODER_NUM_ATTENTION_HEADS =
            ConfigKey.positiveInt("decoder_num_attention_heads", 16);
    private static final ConfigKey<Integer> DECODER_HIDDEN_SIZE = ConfigKey.positiveInt("decoder_hidden_size", 512);
    private static final ConfigKey<Integer> DECODER_NUM_HIDDEN_LAYERS =
            ConfigKey.positiveInt("decoder_num_hidden_layers", 8);
    private static final ConfigKey<Integer> DECODER_INTERMEDIATE_SIZE =
            ConfigKey.positiveInt("decoder_intermediate_size", 2048);
    private static final ConfigKey<Double> PIXEL_MASK_RATIO = ConfigKey.ratio("pixel_mask_ratio", 0.75, false);
    private static final ConfigKey<Double> AUDIO_MASK_RATIO = ConfigKey.ratio("audio_mask_ratio", 0.15, false);
    private static final ConfigKey<AudioMaskType> AUDIO_MASK_TYPE = ConfigKey.of("audio_mask_type",
            AudioMaskType.FRAME_LEVEL, ConfigKey.text(AudioMaskType::fromJsonValue, AudioMaskType::jsonValue));
    private static final ConfigKey<Boolean> TASK_MATCHING = ConfigKey.flag("task_matching", true);
    private static final ConfigKey<Boolean> TASK_MAE = ConfigKey.flag("task_mae", true);
    private static final ConfigKey<LossType> LOSS_TYPE = ConfigKey.of("loss_type", LossType.CLASSIFICATION,
            ConfigKey.text(LossType::fromJsonValue, LossType::jsonValue));
    /** Checked with the labels in {@link Builder#build()}: {@code id2label}, when given, overrides it. */
    private static final ConfigKey<Integer> NUM_LABELS = ConfigKey.of("num_labels", 2, ConfigKey.INT);
    private static final ConfigKey<Map<Integer, String>> ID2LABEL = ConfigKey.nullable("id2label", null,
            ConfigKey.map("an object mapping ids to names", TvltConfig::parseLabelId, String::valueOf, ConfigKey.TEXT,
                    TreeMap::new));
    private static final ConfigKey<Map<String, Integer>> LABEL2ID = ConfigKey.nullable("label2id", null,
            ConfigKey.map("an object mapping names to ids", name -> name, name -> name, ConfigKey.INT,
                    LinkedHashMap::new));
    private static final ConfigKey<String> PROBLEM_TYPE = ConfigKey.nullable("problem_type", null, ConfigKey.TEXT,
            (k, v) -> {
                if (!PROBLEM_TYPES.contains(v)) {
                    throw new ConfigException("'problem_type' must be \"regression\", "
                            + "\"single_label_classification\", \"multi_label_classification\" or null, got \""
                            + v + "\"");
                }
            });
    private static final ConfigKey<List<String>> ARCHITECTURES =
            ConfigKey.nullable("architectures", List.of(), ConfigKey.TEXT_LIST);
    private static final ConfigKey<String> MODEL_TYPE_KEY = ConfigKey.of("model_type", MODEL_TYPE, ConfigKey.TEXT);

    private static final List<ConfigKey<?>> KEYS = List.of(IMAGE_SIZE, SPECTROGRAM_LENGTH, FREQUENCY_LENGTH,
            IMAGE_PATCH_SIZE, AUDIO_PATCH_SIZE, NUM_IMAGE_CHANNELS, NUM_AUDIO_CHANNELS, NUM_FRAMES, HIDDEN_SIZE,
            NUM_HIDDEN_LAYERS, NUM_ATTENTION_HEADS, INTERMEDIATE_SIZE, HIDDEN_ACT, HIDDEN_DROPOUT_PROB,
            ATTENTION_PROBS_DROPOUT_PROB, INITIALIZER_RANGE, LAYER_NORM_EPS, QKV_BIAS, USE_MEAN_POOLING,
            DECODER_NUM_ATTENTION_HEADS, DECODER_HIDDEN_SIZE, DECODER_NUM_HIDDEN_LAYERS, DECODER_INTERMEDIATE_SIZE,
            PIXEL_MASK_RATIO, AUDIO_MASK_RATIO, AUDIO_MASK_TYPE, TASK_MATCHING, TASK_MAE, LOSS_TYPE, NUM_LABELS,
            ID2LABEL, LABEL2ID, PROBLEM_TYPE, ARCHITECTURES, MODEL_TYPE_KEY);

    /** The HF keys this class reads and writes; all other keys end up in {@link #extraKeys()}. */
    public static final Set<String> KNOWN_KEYS =
            KEYS.stream().map(ConfigKey::json).collect(Collectors.toUnmodifiableSet());

    /** The keys {@link #toString()} shows. */
    private static final List<ConfigKey<?>> SUMMARY = List.of(HIDDEN_SIZE, NUM_HIDDEN_LAYERS, NUM_ATTENTION_HEADS,
            IMAGE_SIZE, IMAGE_PATCH_SIZE, NUM_FRAMES, SPECTROGRAM_LENGTH, FREQUENCY_LENGTH, AUDIO_PATCH_SIZE,
            AUDIO_MASK_TYPE, USE_MEAN_POOLING, LOSS_TYPE, NUM_LABELS, ARCHITECTURES);

    private static int parseLabelId(String key) {
        try {
            return Integer.parseInt(key.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("'id2label' keys must be integers, got \"" + key + "\"", e);
        }
    }

    // ------------------------------------------------------------------ instances

    private final ConfigValues values;
    private final Map<String, JsonNode> extraKeys;

    private TvltConfig(ConfigValues values, Map<String, JsonNode> extraKeys) {
        this.values = values;
        this.extraKeys = deepCopy(extraKeys);
    }

    /**
     * The reference defaults (transformers v4.34 {@code TvltConfig()}).
     *
     * @return a config with every field at its default
     */
    public static TvltConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the reference defaults */
    public static Builder builder() {
        return new Builder(new ConfigValues.Builder(KEYS), Map.of());
    }

    /** @return a builder starting from this config's values (labels, architectures and extra keys included) */
    public Builder toBuilder() {
        return new Builder(values.toBuilder(), extraKeys);
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
        return ConfigJson.read(file, TvltConfig::read);
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
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /**
     * Reads a {@code config.json} from a stream, which is left open.
     *
     * @param in the stream
     * @return the config
     * @throws ConfigException if the stream cannot be read, is malformed or holds an invalid value
     */
    public static TvltConfig fromJson(InputStream in) {
        return read(new ConfigNode(ConfigJson.readObject(in)));
    }

    private static TvltConfig read(ConfigNode in) {
        ConfigValues.Builder v = new ConfigValues.Builder(KEYS).read(in);
        Map<Integer, String> labels = v.get(ID2LABEL);
        if (in.has("num_labels") && labels != null && labels.size() != v.get(NUM_LABELS)) {
            LOG.warn("TvltConfig: num_labels={} disagrees with id2label ({} entries); using id2label, as "
                    + "transformers does", v.get(NUM_LABELS), labels.size());
        }
        return new Builder(v, Map.of()).extraKeys(in.remaining()).build();
    }

    /**
     * Serialises this config with HF key names, keys sorted and indented like {@code save_pretrained}.
     * Extra keys read from a file are written back unchanged, so a read/write round trip keeps them.
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, JsonNode> out = new LinkedHashMap<>(deepCopy(extraKeys));
        out.putAll(values.toJson());
        return ConfigJson.writeSorted(out);
    }

    private static Map<String, JsonNode> deepCopy(Map<String, JsonNode> in) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------ accessors

    /** @return {@code image_size}: height and width of a video frame (default 224) */
    public int imageSize() {
        return values.get(IMAGE_SIZE);
    }

    /** @return {@code spectrogram_length}: maximum number of spectrogram time rows (default 2048) */
    public int spectrogramLength() {
        return values.get(SPECTROGRAM_LENGTH);
    }

    /** @return {@code frequency_length}: number of mel bins (default 128) */
    public int frequencyLength() {
        return values.get(FREQUENCY_LENGTH);
    }

    /** @return a copy of {@code image_patch_size}: [height, width] of an image patch (default [16, 16]) */
    public int[] imagePatchSize() {
        return values.get(IMAGE_PATCH_SIZE).clone();
    }

    /** @return a copy of {@code audio_patch_size}: [time, frequency] of an audio patch (default [16, 16]) */
    public int[] audioPatchSize() {
        return values.get(AUDIO_PATCH_SIZE).clone();
    }

    /** @return {@code num_image_channels} (default 3) */
    public int numImageChannels() {
        return values.get(NUM_IMAGE_CHANNELS);
    }

    /** @return {@code num_audio_channels} (default 1) */
    public int numAudioChannels() {
        return values.get(NUM_AUDIO_CHANNELS);
    }

    /** @return {@code num_frames}: maximum number of video frames (default 8) */
    public int numFrames() {
        return values.get(NUM_FRAMES);
    }

    /** @return {@code hidden_size} of the encoder (default 768) */
    public int hiddenSize() {
        return values.get(HIDDEN_SIZE);
    }

    /** @return {@code num_hidden_layers} of the encoder (default 12) */
    public int numHiddenLayers() {
        return values.get(NUM_HIDDEN_LAYERS);
    }

    /** @return {@code num_attention_heads} of the encoder (default 12) */
    public int numAttentionHeads() {
        return values.get(NUM_ATTENTION_HEADS);
    }

    /** @return {@code intermediate_size} of the encoder MLP (default 3072) */
    public int intermediateSize() {
        return values.get(INTERMEDIATE_SIZE);
    }

    /** @return {@code hidden_act}: activation of encoder and decoder MLPs (default "gelu") */
    public String hiddenAct() {
        return values.get(HIDDEN_ACT);
    }

    /** @return {@code hidden_dropout_prob} (default 0.0; unused at inference) */
    public double hiddenDropoutProb() {
        return values.get(HIDDEN_DROPOUT_PROB);
    }

    /** @return {@code attention_probs_dropout_prob} (default 0.0; unused at inference) */
    public double attentionProbsDropoutProb() {
        return values.get(ATTENTION_PROBS_DROPOUT_PROB);
    }

    /** @return {@code initializer_range} (default 0.02; unused at inference) */
    public double initializerRange() {
        return values.get(INITIALIZER_RANGE);
    }

    /** @return {@code layer_norm_eps} (default 1e-6) */
    public double layerNormEps() {
        return values.get(LAYER_NORM_EPS);
    }

    /** @return {@code qkv_bias}: whether query/key/value projections have a bias (default true) */
    public boolean qkvBias() {
        return values.get(QKV_BIAS);
    }

    /**
     * {@code use_mean_pooling} (default false). Reference quirk, matched: when true, the encoder's
     * final LayerNorm is skipped and NO mean pooling happens anywhere; the heads still read token 0.
     *
     * @return the flag
     */
    public boolean useMeanPooling() {
        return values.get(USE_MEAN_POOLING);
    }

    /** @return {@code decoder_num_attention_heads} (default 16) */
    public int decoderNumAttentionHeads() {
        return values.get(DECODER_NUM_ATTENTION_HEADS);
    }

    /** @return {@code decoder_hidden_size} (default 512) */
    public int decoderHiddenSize() {
        return values.get(DECODER_HIDDEN_SIZE);
    }

    /** @return {@code decoder_num_hidden_layers} (default 8) */
    public int decoderNumHiddenLayers() {
        return values.get(DECODER_NUM_HIDDEN_LAYERS);
    }

    /** @return {@code decoder_intermediate_size} (default 2048) */
    public int decoderIntermediateSize() {
        return values.get(DECODER_INTERMEDIATE_SIZE);
    }

    /** @return {@code pixel_mask_ratio}: fraction of pixel tokens masked by MAE masking (default 0.75) */
    public double pixelMaskRatio() {
        return values.get(PIXEL_MASK_RATIO);
    }

    /** @return {@code audio_mask_ratio}: fraction of audio tokens masked by MAE masking (default 0.15) */
    public double audioMaskRatio() {
        return values.get(AUDIO_MASK_RATIO);
    }

    /** @return {@code audio_mask_type} (default {@link AudioMaskType#FRAME_LEVEL}) */
    public AudioMaskType audioMaskType() {
        return values.get(AUDIO_MASK_TYPE);
    }

    /** @return {@code task_matching}: whether pre-training has the matching head (default true) */
    public boolean taskMatching() {
        return values.get(TASK_MATCHING);
    }

    /** @return {@code task_mae}: whether pre-training has the MAE decoder (default true) */
    public boolean taskMae() {
        return values.get(TASK_MAE);
    }

    /** @return {@code loss_type} of the classification head (default {@link LossType#CLASSIFICATION}) */
    public LossType lossType() {
        return values.get(LOSS_TYPE);
    }

    /** @return {@code num_labels}: the size of {@link #id2label()} (default 2) */
    public int numLabels() {
        return values.get(ID2LABEL).size();
    }

    /** @return unmodifiable {@code id2label}, ordered by id (default {0: "LABEL_0", 1: "LABEL_1"}) */
    public Map<Integer, String> id2label() {
        return values.get(ID2LABEL);
    }

    /** @return unmodifiable {@code label2id} (default: the inverse of {@link #id2label()}) */
    public Map<String, Integer> label2id() {
        return values.get(LABEL2ID);
    }

    /**
     * {@code problem_type}: {@code "regression"}, {@code "single_label_classification"},
     * {@code "multi_label_classification"}, or empty (the default). TVLT's head uses
     * {@link #lossType()} instead; this is kept for completeness.
     *
     * @return the problem type, if set
     */
    public Optional<String> problemType() {
        return Optional.ofNullable(values.get(PROBLEM_TYPE));
    }

    /** @return unmodifiable {@code architectures}, e.g. ["TvltForPreTraining"]; empty when absent */
    public List<String> architectures() {
        return values.get(ARCHITECTURES);
    }

    /** @return {@code model_type} (default and normally {@value #MODEL_TYPE}) */
    public String modelType() {
        return values.get(MODEL_TYPE_KEY);
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
        return hiddenSize() / numAttentionHeads();
    }

    /** @return decoder head dimension: {@code decoder_hidden_size / decoder_num_attention_heads} */
    public int decoderHeadDim() {
        return decoderHiddenSize() / decoderNumAttentionHeads();
    }

    /**
     * Pixel patches per video frame: {@code (image_size / p0) * (image_size / p1)} with
     * {@code [p0, p1] = image_patch_size}; the length of {@code pos_embed_v}.
     *
     * @return patches per frame
     */
    public int numPixelPatchesPerFrame() {
        int[] p = values.get(IMAGE_PATCH_SIZE);
        return (imageSize() / p[0]) * (imageSize() / p[1]);
    }

    /** @return maximum number of pixel tokens: {@code num_frames * numPixelPatchesPerFrame()} */
    public int maxPixelPatches() {
        return numFrames() * numPixelPatchesPerFrame();
    }

    /**
     * Frequency patches per audio time patch: {@code frequency_length / audio_patch_size[1]}; the
     * length of {@code freq_embed} (the masking code's {@code freq_len}).
     *
     * @return patches per time row
     */
    public int numFreqPatches() {
        return frequencyLength() / values.get(AUDIO_PATCH_SIZE)[1];
    }

    /**
     * Maximum number of audio time patches: {@code spectrogram_length / audio_patch_size[0]}; the
     * length of {@code pos_embed_a}.
     *
     * @return time patches
     */
    public int maxAudioTimePatches() {
        return spectrogramLength() / values.get(AUDIO_PATCH_SIZE)[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TvltConfig && values.equals(((TvltConfig) o).values)
                && extraKeys.equals(((TvltConfig) o).extraKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, extraKeys);
    }

    /** @return a one-line summary of the main sizes */
    @Override
    public String toString() {
        return values.summary("TvltConfig", SUMMARY);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Fluent builder for {@link TvltConfig}, starting from the reference defaults. Setters only
     * store values; {@link #build()} validates them. Not thread-safe.
     */
    public static final class Builder {

        private final ConfigValues.Builder values;
        private Map<String, JsonNode> extraKeys;

        private Builder(ConfigValues.Builder values, Map<String, JsonNode> extraKeys) {
            this.values = values;
            this.extraKeys = extraKeys;
        }

        private <T> Builder set(ConfigKey<T> key, T value) {
            values.set(key, value);
            return this;
        }

        /** Sets {@code image_size}; returns this builder. */
        public Builder imageSize(int v) {
            return set(IMAGE_SIZE, v);
        }

        /** Sets {@code spectrogram_length}; returns this builder. */
        public Builder spectrogramLength(int v) {
            return set(SPECTROGRAM_LENGTH, v);
        }

        /** Sets {@code frequency_length}; returns this builder. */
        public Builder frequencyLength(int v) {
            return set(FREQUENCY_LENGTH, v);
        }

        /** Sets {@code image_patch_size} (copied; must have two entries); returns this builder. */
        public Builder imagePatchSize(int... v) {
            return set(IMAGE_PATCH_SIZE, v == null ? null : v.clone());
        }

        /** Sets {@code audio_patch_size} (copied; must have two entries); returns this builder. */
        public Builder audioPatchSize(int... v) {
            return set(AUDIO_PATCH_SIZE, v == null ? null : v.clone());
        }

        /** Sets {@code num_image_channels}; returns this builder. */
        public Builder numImageChannels(int v) {
            return set(NUM_IMAGE_CHANNELS, v);
        }

        /** Sets {@code num_audio_channels}; returns this builder. */
        public Builder numAudioChannels(int v) {
            return set(NUM_AUDIO_CHANNELS, v);
        }

        /** Sets {@code num_frames}; returns this builder. */
        public Builder numFrames(int v) {
            return set(NUM_FRAMES, v);
        }

        /** Sets {@code hidden_size}; returns this builder. */
        public Builder hiddenSize(int v) {
            return set(HIDDEN_SIZE, v);
        }

        /** Sets {@code num_hidden_layers}; returns this builder. */
        public Builder numHiddenLayers(int v) {
            return set(NUM_HIDDEN_LAYERS, v);
        }

        /** Sets {@code num_attention_heads}; returns this builder. */
        public Builder numAttentionHeads(int v) {
            return set(NUM_ATTENTION_HEADS, v);
        }

        /** Sets {@code intermediate_size}; returns this builder. */
        public Builder intermediateSize(int v) {
            return set(INTERMEDIATE_SIZE, v);
        }

        /** Sets {@code hidden_act}, e.g. "gelu"; returns this builder. */
        public Builder hiddenAct(String v) {
            return set(HIDDEN_ACT, v);
        }

        /** Sets {@code hidden_dropout_prob}; returns this builder. */
        public Builder hiddenDropoutProb(double v) {
            return set(HIDDEN_DROPOUT_PROB, v);
        }

        /** Sets {@code attention_probs_dropout_prob}; returns this builder. */
        public Builder attentionProbsDropoutProb(double v) {
            return set(ATTENTION_PROBS_DROPOUT_PROB, v);
        }

        /** Sets {@code initializer_range}; returns this builder. */
        public Builder initializerRange(double v) {
            return set(INITIALIZER_RANGE, v);
        }

        /** Sets {@code layer_norm_eps}; returns this builder. */
        public Builder layerNormEps(double v) {
            return set(LAYER_NORM_EPS, v);
        }

        /** Sets {@code qkv_bias}; returns this builder. */
        public Builder qkvBias(boolean v) {
            return set(QKV_BIAS, v);
        }

        /** Sets {@code use_mean_pooling}; returns this builder. */
        public Builder useMeanPooling(boolean v) {
            return set(USE_MEAN_POOLING, v);
        }

        /** Sets {@code decoder_num_attention_heads}; returns this builder. */
        public Builder decoderNumAttentionHeads(int v) {
            return set(DECODER_NUM_ATTENTION_HEADS, v);
        }

        /** Sets {@code decoder_hidden_size}; returns this builder. */
        public Builder decoderHiddenSize(int v) {
            return set(DECODER_HIDDEN_SIZE, v);
        }

        /** Sets {@code decoder_num_hidden_layers}; returns this builder. */
        public Builder decoderNumHiddenLayers(int v) {
            return set(DECODER_NUM_HIDDEN_LAYERS, v);
        }

        /** Sets {@code decoder_intermediate_size}; returns this builder. */
        public Builder decoderIntermediateSize(int v) {
            return set(DECODER_INTERMEDIATE_SIZE, v);
        }

        /** Sets {@code pixel_mask_ratio}, in [0, 1); returns this builder. */
        public Builder pixelMaskRatio(double v) {
            return set(PIXEL_MASK_RATIO, v);
        }

        /** Sets {@code audio_mask_ratio}, in [0, 1); returns this builder. */
        public Builder audioMaskRatio(double v) {
            return set(AUDIO_MASK_RATIO, v);
        }

        /** Sets {@code audio_mask_type}; returns this builder. */
        public Builder audioMaskType(AudioMaskType v) {
            return set(AUDIO_MASK_TYPE, v);
        }

        /** Sets {@code task_matching}; returns this builder. */
        public Builder taskMatching(boolean v) {
            return set(TASK_MATCHING, v);
        }

        /** Sets {@code task_mae}; returns this builder. */
        public Builder taskMae(boolean v) {
            return set(TASK_MAE, v);
        }

        /** Sets {@code loss_type}; returns this builder. */
        public Builder lossType(LossType v) {
            return set(LOSS_TYPE, v);
        }

        /**
         * @param v {@code audio_mask_type} as in JSON: "frame-level", "patch-level" or "patch_level"
         * @return this builder
         * @throws ConfigException naming {@code audio_mask_type} for any other value
         */
        public Builder audioMaskType(String v) {
            return set(AUDIO_MASK_TYPE, AudioMaskType.fromJsonValue(v));
        }

        /**
         * @param v {@code loss_type} as in JSON: "classification" or "regression"
         * @return this builder
         * @throws ConfigException naming {@code loss_type} for any other value
         */
        public Builder lossType(String v) {
            return set(LOSS_TYPE, LossType.fromJsonValue(v));
        }

        /**
         * Sets {@code num_labels}, like HF's setter: if the current {@code id2label} has a different
         * size it is replaced by {@code {0: "LABEL_0", ...}} and {@code label2id} by its inverse.
         *
         * @param v the number of labels (positive)
         * @return this builder
         */
        public Builder numLabels(int v) {
            Map<Integer, String> labels = values.get(ID2LABEL);
            if (labels != null && labels.size() != v) {
                set(ID2LABEL, null).set(LABEL2ID, null);
            }
            return set(NUM_LABELS, v);
        }

        /**
         * Sets {@code id2label}; {@code num_labels} becomes its size.
         *
         * @param v id to label name (copied); null restores the generated labels
         * @return this builder
         */
        public Builder id2label(Map<Integer, String> v) {
            if (v != null) {
                set(NUM_LABELS, v.size());
            }
            return set(ID2LABEL, v == null ? null : new TreeMap<>(v));
        }

        /**
         * Sets {@code label2id}; when not set (or null) it is the inverse of {@code id2label}.
         *
         * @param v label name to id (copied)
         * @return this builder
         */
        public Builder label2id(Map<String, Integer> v) {
            return set(LABEL2ID, v == null ? null : new LinkedHashMap<>(v));
        }

        /** Sets {@code problem_type}, or null; returns this builder. */
        public Builder problemType(String v) {
            return set(PROBLEM_TYPE, v);
        }

        /** Sets {@code architectures} (copied); returns this builder. */
        public Builder architectures(List<String> v) {
            return set(ARCHITECTURES, v == null ? List.of() : List.copyOf(v));
        }

        /** Sets {@code model_type}; returns this builder. */
        public Builder modelType(String v) {
            return set(MODEL_TYPE_KEY, v);
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
         * Validates the values (each key's own check, then the checks relating keys) and creates the config.
         *
         * @return the config
         * @throws ConfigException naming the offending key
         */
        public TvltConfig build() {
            ConfigValues.Builder out = values.build().toBuilder();
            int[] ip = out.get(IMAGE_PATCH_SIZE);
            int[] ap = out.get(AUDIO_PATCH_SIZE);
            Checks.divisible("image_size", out.get(IMAGE_SIZE), "image_patch_size[0]", ip[0]);
            Checks.divisible("image_size", out.get(IMAGE_SIZE), "image_patch_size[1]", ip[1]);
            Checks.atLeast("spectrogram_length", out.get(SPECTROGRAM_LENGTH), "audio_patch_size[0]", ap[0]);
            Checks.atLeast("frequency_length", out.get(FREQUENCY_LENGTH), "audio_patch_size[1]", ap[1]);
            Checks.divisible("hidden_size", out.get(HIDDEN_SIZE), "num_attention_heads", out.get(NUM_ATTENTION_HEADS));
            Checks.divisible("decoder_hidden_size", out.get(DECODER_HIDDEN_SIZE), "decoder_num_attention_heads",
                    out.get(DECODER_NUM_ATTENTION_HEADS));
            Map<Integer, String> labels = resolveId2Label(out.get(ID2LABEL), out.get(NUM_LABELS));
            out.set(ID2LABEL, labels).set(NUM_LABELS, labels.size()).set(LABEL2ID,
                    resolveLabel2Id(out.get(LABEL2ID), labels));
            return new TvltConfig(out.build(), extraKeys);
        }

        private static Map<Integer, String> resolveId2Label(Map<Integer, String> id2label, int numLabels) {
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

        private static Map<String, Integer> resolveLabel2Id(Map<String, Integer> label2id,
                Map<Integer, String> labels) {
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
