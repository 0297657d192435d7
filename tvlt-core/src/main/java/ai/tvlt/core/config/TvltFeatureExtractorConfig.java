package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the audio feature extractor (transformers v4.34 {@code TvltFeatureExtractor}), with the
 * reference's key names and defaults. Immutable and thread-safe.
 *
 * <p>Derived values the reference computes in its constructor ({@code hop_length}, {@code freq_len},
 * {@code mel_filters}) are not configuration: they are recomputed by {@link #hopLength()},
 * {@link #freqLen()} and the processing module, and the same keys in a JSON file are ignored.
 */
public final class TvltFeatureExtractorConfig {

    /** The keys this class reads. */
    static final String[] KEYS = {"spectrogram_length", "num_channels", "patch_size", "feature_size",
        "sampling_rate", "hop_length_to_sampling_rate", "n_fft", "padding_value"};

    private final int spectrogramLength;
    private final int numChannels;
    private final int[] patchSize;
    private final int featureSize;
    private final int samplingRate;
    private final int hopLengthToSamplingRate;
    private final int nFft;
    private final double paddingValue;

    private TvltFeatureExtractorConfig(Builder b) {
        spectrogramLength = b.spectrogramLength;
        numChannels = b.numChannels;
        patchSize = b.patchSize.clone();
        featureSize = b.featureSize;
        samplingRate = b.samplingRate;
        hopLengthToSamplingRate = b.hopLengthToSamplingRate;
        nFft = b.nFft;
        paddingValue = b.paddingValue;
    }

    /**
     * The reference defaults.
     *
     * @return a config with every field at its default
     */
    public static TvltFeatureExtractorConfig defaults() {
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
        Builder b = new Builder();
        b.spectrogramLength = spectrogramLength;
        b.numChannels = numChannels;
        b.patchSize = patchSize.clone();
        b.featureSize = featureSize;
        b.samplingRate = samplingRate;
        b.hopLengthToSamplingRate = hopLengthToSamplingRate;
        b.nFft = nFft;
        b.paddingValue = paddingValue;
        return b;
    }

    /**
     * Reads the feature-extractor keys of a {@code preprocessor_config.json}; other keys are ignored.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException for an unreadable or malformed file or an invalid value (the message
     *     names the file and the key)
     */
    public static TvltFeatureExtractorConfig fromJson(Path file) {
        ConfigNode in = new ConfigNode(ConfigJson.readObject(file));
        try {
            return read(in);
        } catch (ConfigException e) {
            throw ConfigJson.inSource(file.toString(), e);
        }
    }

    /**
     * Parses the feature-extractor keys of a JSON object; other keys are ignored.
     *
     * @param json the JSON text
     * @return the config
     * @throws ConfigException for malformed JSON or an invalid value (the message names the key)
     */
    public static TvltFeatureExtractorConfig fromJson(String json) {
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /**
     * Reads this config's keys from a parsed object; absent keys take the defaults.
     *
     * @param in the object
     * @return the config
     */
    static TvltFeatureExtractorConfig read(ConfigNode in) {
        Builder b = builder();
        in.integer("spectrogram_length", b::spectrogramLength);
        in.integer("num_channels", b::numChannels);
        in.intPair("patch_size", b::patchSize);
        in.integer("feature_size", b::featureSize);
        in.integer("sampling_rate", b::samplingRate);
        in.integer("hop_length_to_sampling_rate", b::hopLengthToSamplingRate);
        in.integer("n_fft", b::nFft);
        in.number("padding_value", b::paddingValue);
        return b.build();
    }

    /**
     * This config's entries with HF key names, including the derived {@code hop_length} and
     * {@code freq_len} the reference also writes.
     *
     * @return key to JSON value
     */
    Map<String, JsonNode> toJsonEntries() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("spectrogram_length", f.numberNode(spectrogramLength));
        m.put("num_channels", f.numberNode(numChannels));
        m.put("patch_size", f.arrayNode().add(patchSize[0]).add(patchSize[1]));
        m.put("feature_size", f.numberNode(featureSize));
        m.put("sampling_rate", f.numberNode(samplingRate));
        m.put("hop_length_to_sampling_rate", f.numberNode(hopLengthToSamplingRate));
        m.put("n_fft", f.numberNode(nFft));
        m.put("padding_value", f.numberNode(paddingValue));
        m.put("hop_length", f.numberNode(hopLength()));
        m.put("freq_len", f.numberNode(freqLen()));
        m.put("feature_extractor_type", f.textNode("TvltFeatureExtractor"));
        return m;
    }

    /**
     * Serialises this config with HF key names, keys sorted.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ConfigJson.writeSorted(toJsonEntries());
    }

    /** @return {@code spectrogram_length}: maximum number of spectrogram time rows kept (default 2048) */
    public int spectrogramLength() {
        return spectrogramLength;
    }

    /** @return {@code num_channels} (default 1) */
    public int numChannels() {
        return numChannels;
    }

    /** @return a copy of {@code patch_size}: [time, frequency] (default [16, 16]) */
    public int[] patchSize() {
        return patchSize.clone();
    }

    /** @return {@code feature_size}: number of mel bins (default 128) */
    public int featureSize() {
        return featureSize;
    }

    /** @return {@code sampling_rate} in Hz the input must have (default 44100) */
    public int samplingRate() {
        return samplingRate;
    }

    /** @return {@code hop_length_to_sampling_rate} (default 86) */
    public int hopLengthToSamplingRate() {
        return hopLengthToSamplingRate;
    }

    /** @return {@code n_fft}: FFT and window length (default 2048) */
    public int nFft() {
        return nFft;
    }

    /** @return {@code padding_value} used for padded spectrogram rows (default 0.0) */
    public double paddingValue() {
        return paddingValue;
    }

    /**
     * The STFT hop: {@code sampling_rate // hop_length_to_sampling_rate} (integer division; 512 by
     * default).
     *
     * @return the hop length in samples
     */
    public int hopLength() {
        return samplingRate / hopLengthToSamplingRate;
    }

    /**
     * Frequency patches per time patch: {@code feature_size // patch_size[1]} (8 by default).
     *
     * @return the number of frequency patches
     */
    public int freqLen() {
        return featureSize / patchSize[1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TvltFeatureExtractorConfig
                && toJsonEntries().equals(((TvltFeatureExtractorConfig) o).toJsonEntries());
    }

    @Override
    public int hashCode() {
        return toJsonEntries().hashCode();
    }

    /** @return the settings with HF key names */
    @Override
    public String toString() {
        return "TvltFeatureExtractorConfig{spectrogram_length=" + spectrogramLength + ", num_channels="
                + numChannels + ", patch_size=" + Arrays.toString(patchSize) + ", feature_size=" + featureSize
                + ", sampling_rate=" + samplingRate + ", hop_length_to_sampling_rate="
                + hopLengthToSamplingRate + ", n_fft=" + nFft + ", padding_value=" + paddingValue + "}";
    }

    /** Fluent builder, starting from the reference defaults; {@link #build()} validates. */
    public static final class Builder {
        private int spectrogramLength = 2048;
        private int numChannels = 1;
        private int[] patchSize = {16, 16};
        private int featureSize = 128;
        private int samplingRate = 44100;
        private int hopLengthToSamplingRate = 86;
        private int nFft = 2048;
        private double paddingValue = 0.0;

        private Builder() {
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
         * @param v {@code num_channels}
         * @return this builder
         */
        public Builder numChannels(int v) {
            numChannels = v;
            return this;
        }

        /**
         * @param v {@code patch_size} (copied; two entries)
         * @return this builder
         */
        public Builder patchSize(int... v) {
            patchSize = v == null ? null : v.clone();
            return this;
        }

        /**
         * @param v {@code feature_size}
         * @return this builder
         */
        public Builder featureSize(int v) {
            featureSize = v;
            return this;
        }

        /**
         * @param v {@code sampling_rate}
         * @return this builder
         */
        public Builder samplingRate(int v) {
            samplingRate = v;
            return this;
        }

        /**
         * @param v {@code hop_length_to_sampling_rate}
         * @return this builder
         */
        public Builder hopLengthToSamplingRate(int v) {
            hopLengthToSamplingRate = v;
            return this;
        }

        /**
         * @param v {@code n_fft}
         * @return this builder
         */
        public Builder nFft(int v) {
            nFft = v;
            return this;
        }

        /**
         * @param v {@code padding_value}
         * @return this builder
         */
        public Builder paddingValue(double v) {
            paddingValue = v;
            return this;
        }

        /**
         * Validates and creates the config.
         *
         * @return the config
         * @throws ConfigException naming the offending key
         */
        public TvltFeatureExtractorConfig build() {
            Checks.positive("spectrogram_length", spectrogramLength);
            Checks.positive("num_channels", numChannels);
            Checks.positivePair("patch_size", patchSize);
            Checks.positive("feature_size", featureSize);
            Checks.positive("sampling_rate", samplingRate);
            Checks.positive("hop_length_to_sampling_rate", hopLengthToSamplingRate);
            Checks.positive("n_fft", nFft);
            Checks.finite("padding_value", paddingValue);
            Checks.atLeast("sampling_rate", samplingRate, "hop_length_to_sampling_rate", hopLengthToSamplingRate);
            Checks.atLeast("feature_size", featureSize, "patch_size[1]", patchSize[1]);
            Checks.atLeast("spectrogram_length", spectrogramLength, "patch_size[0]", patchSize[0]);
            return new TvltFeatureExtractorConfig(this);
        }
    }
}
