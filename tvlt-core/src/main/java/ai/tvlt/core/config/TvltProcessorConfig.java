package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole preprocessing configuration of a TVLT checkpoint ({@code TvltProcessor}): the audio
 * {@link TvltFeatureExtractorConfig} and the video {@link TvltImageProcessorConfig}. Immutable and
 * thread-safe.
 *
 * <p>A hub {@code preprocessor_config.json} is ONE flat JSON object holding the keys of both
 * processors; {@code patch_size} is read by both. Keys the reference derives ({@code mel_filters},
 * {@code hop_length}, {@code freq_len}) and bookkeeping keys ({@code feature_extractor_type},
 * {@code image_processor_type}, {@code processor_class}) are dropped; any other unknown key is kept
 * in {@link #extraKeys()} and ignored.
 */
public final class TvltProcessorConfig {

    /** Keys that are read but deliberately not used: derived values and type names. */
    static final Set<String> IGNORED_KEYS = Set.of("mel_filters", "hop_length", "freq_len",
            "feature_extractor_type", "image_processor_type", "processor_class");

    private final TvltFeatureExtractorConfig featureExtractor;
    private final TvltImageProcessorConfig imageProcessor;
    private final Map<String, JsonNode> extraKeys;

    private TvltProcessorConfig(Builder b) {
        featureExtractor = b.featureExtractor;
        imageProcessor = b.imageProcessor;
        extraKeys = copy(b.extraKeys);
    }

    /**
     * The reference defaults of both processors.
     *
     * @return the default processor config
     */
    public static TvltProcessorConfig defaults() {
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
     * A builder starting from this config's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return builder().featureExtractor(featureExtractor).imageProcessor(imageProcessor).extraKeys(extraKeys);
    }

    /**
     * Derives the processor settings from a model config so that the two agree: {@code image_size}
     * gives {@code size.shortest_edge} and a square {@code crop_size}; {@code num_frames},
     * {@code image_patch_size} and {@code num_image_channels} (mean and std of 0.5 per channel) set the
     * image processor; {@code frequency_length} gives {@code feature_size}, and
     * {@code spectrogram_length}, {@code audio_patch_size} and {@code num_audio_channels} set the
     * feature extractor. Everything else keeps the reference defaults.
     *
     * @param model the model config
     * @return the processor config
     */
    public static TvltProcessorConfig fromModelConfig(TvltConfig model) {
        InvalidInputException.requireNonNull(model, "model");
        double[] half = new double[model.numImageChannels()];
        Arrays.fill(half, 0.5);
        TvltImageProcessorConfig image = TvltImageProcessorConfig.builder()
                .size(SizeDict.ofShortestEdge(model.imageSize()))
                .cropSize(SizeDict.ofHeightWidth(model.imageSize(), model.imageSize()))
                .patchSize(model.imagePatchSize())
                .numFrames(model.numFrames())
                .imageMean(half)
                .imageStd(half)
                .build();
        TvltFeatureExtractorConfig audio = TvltFeatureExtractorConfig.builder()
                .spectrogramLength(model.spectrogramLength())
                .featureSize(model.frequencyLength())
                .patchSize(model.audioPatchSize())
                .numChannels(model.numAudioChannels())
                .build();
        return builder().featureExtractor(audio).imageProcessor(image).build();
    }

    /**
     * Reads a hub {@code preprocessor_config.json}.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException for an unreadable or malformed file or an invalid value (the message
     *     names the file and the key)
     */
    public static TvltProcessorConfig fromJson(Path file) {
        return ConfigJson.read(file, TvltProcessorConfig::read);
    }

    /**
     * Parses the text of a {@code preprocessor_config.json}.
     *
     * @param json the JSON text (one flat object)
     * @return the config
     * @throws ConfigException for malformed JSON or an invalid value (the message names the key)
     */
    public static TvltProcessorConfig fromJson(String json) {
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /**
     * Reads a {@code preprocessor_config.json} from a stream, which is left open.
     *
     * @param in the stream
     * @return the config
     * @throws ConfigException for an unreadable or malformed stream or an invalid value
     */
    public static TvltProcessorConfig fromJson(InputStream in) {
        return read(new ConfigNode(ConfigJson.readObject(in)));
    }

    private static TvltProcessorConfig read(ConfigNode in) {
        TvltFeatureExtractorConfig audio = TvltFeatureExtractorConfig.read(in);
        TvltImageProcessorConfig image = TvltImageProcessorConfig.read(in);
        in.skip(IGNORED_KEYS);
        return builder().featureExtractor(audio).imageProcessor(image).extraKeys(in.remaining()).build();
    }

    /** @return the audio feature-extractor settings */
    public TvltFeatureExtractorConfig featureExtractor() {
        return featureExtractor;
    }

    /** @return the image-processor settings */
    public TvltImageProcessorConfig imageProcessor() {
        return imageProcessor;
    }

    /**
     * Keys of the file that neither processor reads and that are not in the ignored list (for example
     * {@code padding_side}, {@code return_attention_mask}).
     *
     * @return an unmodifiable map, in file order, of deep copies
     */
    public Map<String, JsonNode> extraKeys() {
        return copy(extraKeys);
    }

    private static Map<String, JsonNode> copy(Map<String, JsonNode> in) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TvltProcessorConfig)) {
            return false;
        }
        TvltProcessorConfig c = (TvltProcessorConfig) o;
        return featureExtractor.equals(c.featureExtractor) && imageProcessor.equals(c.imageProcessor)
                && extraKeys.equals(c.extraKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureExtractor, imageProcessor, extraKeys);
    }

    /** @return both processors' settings */
    @Override
    public String toString() {
        return "TvltProcessorConfig{" + featureExtractor + ", " + imageProcessor + "}";
    }

    /** Fluent builder, starting from both processors' defaults. */
    public static final class Builder {
        private TvltFeatureExtractorConfig featureExtractor = TvltFeatureExtractorConfig.defaults();
        private TvltImageProcessorConfig imageProcessor = TvltImageProcessorConfig.defaults();
        private Map<String, JsonNode> extraKeys = Map.of();

        private Builder() {
        }

        /**
         * @param v the audio settings
         * @return this builder
         */
        public Builder featureExtractor(TvltFeatureExtractorConfig v) {
            featureExtractor = v;
            return this;
        }

        /**
         * @param v the image settings
         * @return this builder
         */
        public Builder imageProcessor(TvltImageProcessorConfig v) {
            imageProcessor = v;
            return this;
        }

        /**
         * @param v unknown keys to keep (deep-copied when built)
         * @return this builder
         */
        public Builder extraKeys(Map<String, JsonNode> v) {
            extraKeys = v == null ? Map.of() : new LinkedHashMap<>(v);
            return this;
        }

        /**
         * Creates the config.
         *
         * @return the config
         * @throws ConfigException if a part is missing or an extra key has a null value
         */
        public TvltProcessorConfig build() {
            Checks.notNull("feature_extractor", featureExtractor);
            Checks.notNull("image_processor", imageProcessor);
            extraKeys.forEach(Checks::notNull);
            return new TvltProcessorConfig(this);
        }
    }
}
