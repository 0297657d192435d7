package ai.tvlt.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
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

    private static final ConfigKey<Integer> SPECTROGRAM_LENGTH = ConfigKey.positiveInt("spectrogram_length", 2048);
    private static final ConfigKey<Integer> NUM_CHANNELS = ConfigKey.positiveInt("num_channels", 1);
    private static final ConfigKey<int[]> PATCH_SIZE = ConfigKey.positivePair("patch_size", 16, 16);
    private static final ConfigKey<Integer> FEATURE_SIZE = ConfigKey.positiveInt("feature_size", 128);
    private static final ConfigKey<Integer> SAMPLING_RATE = ConfigKey.positiveInt("sampling_rate", 44100);
    private static final ConfigKey<Integer> HOP_LENGTH_TO_SAMPLING_RATE =
            ConfigKey.positiveInt("hop_length_to_sampling_rate", 86);
    private static final ConfigKey<Integer> N_FFT = ConfigKey.positiveInt("n_fft", 2048);
    private static final ConfigKey<Double> PADDING_VALUE = ConfigKey.finite("padding_value", 0.0);

    /** The key table, in the reference's order. */
    static final List<ConfigKey<?>> KEYS = List.of(SPECTROGRAM_LENGTH, NUM_CHANNELS, PATCH_SIZE, FEATURE_SIZE,
            SAMPLING_RATE, HOP_LENGTH_TO_SAMPLING_RATE, N_FFT, PADDING_VALUE);

    private final ConfigValues values;

    private TvltFeatureExtractorConfig(ConfigValues values) {
        this.values = values;
    }

    /** @return the reference defaults */
    public static TvltFeatureExtractorConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the reference defaults */
    public static Builder builder() {
        return new Builder(new ConfigValues.Builder(KEYS));
    }

    /** @return a builder starting from this config's values */
    public Builder toBuilder() {
        return new Builder(values.toBuilder());
    }

    /**
     * Reads the feature-extractor keys of a {@code preprocessor_config.json}; other keys are ignored.
     *
     * @param file the file
     * @return the config
     * @throws ai.tvlt.core.error.ConfigException naming the file and, for an invalid value, the key
     */
    public static TvltFeatureExtractorConfig fromJson(Path file) {
        return ConfigJson.read(file, TvltFeatureExtractorConfig::read);
    }

    /**
     * Parses the feature-extractor keys of a JSON object; other keys are ignored.
     *
     * @param json the JSON text
     * @return the config
     * @throws ai.tvlt.core.error.ConfigException naming the invalid key
     */
    public static TvltFeatureExtractorConfig fromJson(String json) {
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /** Reads this config's keys from a parsed object; absent keys take the defaults. */
    static TvltFeatureExtractorConfig read(ConfigNode in) {
        return new Builder(new ConfigValues.Builder(KEYS).read(in)).build();
    }

    /** @return this config's entries with HF key names, with the derived keys the reference also writes */
    Map<String, JsonNode> toJsonEntries() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> m = values.toJson();
        m.put("hop_length", f.numberNode(hopLength()));
        m.put("freq_len", f.numberNode(freqLen()));
        m.put("feature_extractor_type", f.textNode("TvltFeatureExtractor"));
        return m;
    }

    /** @return this config as JSON with HF key names, keys sorted */
    public String toJson() {
        return ConfigJson.writeSorted(toJsonEntries());
    }

    /** @return {@code spectrogram_length}: maximum number of spectrogram time rows kept (default 2048) */
    public int spectrogramLength() {
        return values.get(SPECTROGRAM_LENGTH);
    }

    /** @return {@code num_channels} (default 1) */
    public int numChannels() {
        return values.get(NUM_CHANNELS);
    }

    /** @return a copy of {@code patch_size}: [time, frequency] (default [16, 16]) */
    public int[] patchSize() {
        return values.get(PATCH_SIZE).clone();
    }

    /** @return {@code feature_size}: number of mel bins (default 128) */
    public int featureSize() {
        return values.get(FEATURE_SIZE);
    }

    /** @return {@code sampling_rate} in Hz the input must have (default 44100) */
    public int samplingRate() {
        return values.get(SAMPLING_RATE);
    }

    /** @return {@code hop_length_to_sampling_rate} (default 86) */
    public int hopLengthToSamplingRate() {
        return values.get(HOP_LENGTH_TO_SAMPLING_RATE);
    }

    /** @return {@code n_fft}: FFT and window length (default 2048) */
    public int nFft() {
        return values.get(N_FFT);
    }

    /** @return {@code padding_value} used for padded spectrogram rows (default 0.0) */
    public double paddingValue() {
        return values.get(PADDING_VALUE);
    }

    /** @return the STFT hop: {@code sampling_rate // hop_length_to_sampling_rate} (512 by default) */
    public int hopLength() {
        return samplingRate() / hopLengthToSamplingRate();
    }

    /** @return frequency patches per time patch: {@code feature_size // patch_size[1]} (8 by default) */
    public int freqLen() {
        return featureSize() / patchSize()[1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TvltFeatureExtractorConfig && values.equals(((TvltFeatureExtractorConfig) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** @return the settings with HF key names */
    @Override
    public String toString() {
        return values.summary("TvltFeatureExtractorConfig", KEYS);
    }

    /** Fluent builder, starting from the reference defaults; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {

        private final ConfigValues.Builder values;

        private Builder(ConfigValues.Builder values) {
            this.values = values;
        }

        /** Sets {@code spectrogram_length}; returns this builder. */
        public Builder spectrogramLength(int v) {
            values.set(SPECTROGRAM_LENGTH, v);
            return this;
        }

        /** Sets {@code num_channels}; returns this builder. */
        public Builder numChannels(int v) {
            values.set(NUM_CHANNELS, v);
            return this;
        }

        /** Sets {@code patch_size} (copied; two entries); returns this builder. */
        public Builder patchSize(int... v) {
            values.set(PATCH_SIZE, v == null ? null : v.clone());
            return this;
        }

        /** Sets {@code feature_size}; returns this builder. */
        public Builder featureSize(int v) {
            values.set(FEATURE_SIZE, v);
            return this;
        }

        /** Sets {@code sampling_rate}; returns this builder. */
        public Builder samplingRate(int v) {
            values.set(SAMPLING_RATE, v);
            return this;
        }

        /** Sets {@code hop_length_to_sampling_rate}; returns this builder. */
        public Builder hopLengthToSamplingRate(int v) {
            values.set(HOP_LENGTH_TO_SAMPLING_RATE, v);
            return this;
        }

        /** Sets {@code n_fft}; returns this builder. */
        public Builder nFft(int v) {
            values.set(N_FFT, v);
            return this;
        }

        /** Sets {@code padding_value}; returns this builder. */
        public Builder paddingValue(double v) {
            values.set(PADDING_VALUE, v);
            return this;
        }

        /**
         * Validates the values and creates the config.
         *
         * @return the config
         * @throws ai.tvlt.core.error.ConfigException naming the invalid key
         */
        public TvltFeatureExtractorConfig build() {
            TvltFeatureExtractorConfig c = new TvltFeatureExtractorConfig(values.build());
            Checks.atLeast("sampling_rate", c.samplingRate(), "hop_length_to_sampling_rate",
                    c.hopLengthToSamplingRate());
            Checks.atLeast("feature_size", c.featureSize(), "patch_size[1]", c.patchSize()[1]);
            Checks.atLeast("spectrogram_length", c.spectrogramLength(), "patch_size[0]", c.patchSize()[0]);
            return c;
        }
    }
}
