package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings of the video-frame processor (transformers v4.34 {@code TvltImageProcessor}), with the
 * reference's key names and defaults. Immutable and thread-safe.
 *
 * <p>{@code size} and {@code crop_size} are {@link SizeDict}s, so a {@code size} without
 * {@code shortest_edge} (for example {@code {height, width}}) can be represented; the processor
 * rejects it, as the reference does. {@code resample} is read as Pillow's number or a filter name.
 */
public final class TvltImageProcessorConfig {

    /** The reference's default {@code rescale_factor}, 1/255. */
    public static final double DEFAULT_RESCALE_FACTOR = 1.0 / 255.0;

    private static final ConfigKey<Boolean> DO_RESIZE = ConfigKey.flag("do_resize", true);
    private static final ConfigKey<SizeDict> SIZE = sizeKey("size", SizeDict.ofShortestEdge(224), false);
    private static final ConfigKey<int[]> PATCH_SIZE = ConfigKey.positivePair("patch_size", 16, 16);
    private static final ConfigKey<Integer> NUM_FRAMES = ConfigKey.positiveInt("num_frames", 8);
    private static final ConfigKey<Resample> RESAMPLE = ConfigKey.nullable("resample", Resample.BILINEAR,
            new ConfigKey.Codec<>((k, v) -> Resample.fromJson(v),
                    r -> JsonNodeFactory.instance.numberNode(r.pillowCode())));
    private static final ConfigKey<Boolean> DO_CENTER_CROP = ConfigKey.flag("do_center_crop", true);
    private static final ConfigKey<SizeDict> CROP_SIZE = sizeKey("crop_size", SizeDict.ofHeightWidth(224, 224), true);
    private static final ConfigKey<Boolean> DO_RESCALE = ConfigKey.flag("do_rescale", true);
    private static final ConfigKey<Double> RESCALE_FACTOR =
            ConfigKey.positiveNumber("rescale_factor", DEFAULT_RESCALE_FACTOR);
    private static final ConfigKey<Boolean> DO_NORMALIZE = ConfigKey.flag("do_normalize", true);
    private static final ConfigKey<double[]> IMAGE_MEAN = channelValues("image_mean");
    private static final ConfigKey<double[]> IMAGE_STD = channelValues("image_std");

    /** The key table, in the reference's order. */
    static final List<ConfigKey<?>> KEYS = List.of(DO_RESIZE, SIZE, PATCH_SIZE, NUM_FRAMES, RESAMPLE,
            DO_CENTER_CROP, CROP_SIZE, DO_RESCALE, RESCALE_FACTOR, DO_NORMALIZE, IMAGE_MEAN, IMAGE_STD);

    /** A size: an object such as {@code {"shortest_edge": 224}}, [height, width], or one integer. */
    private static ConfigKey<SizeDict> sizeKey(String json, SizeDict defaultValue, boolean intIsSquare) {
        return ConfigKey.nullable(json, defaultValue, new ConfigKey.Codec<>(
                (k, v) -> SizeDict.fromJson(k, v, intIsSquare), SizeDict::toJsonNode));
    }

    /** Per-channel finite values, [0.5, 0.5, 0.5] by default. */
    private static ConfigKey<double[]> channelValues(String json) {
        return ConfigKey.of(json, new double[] {0.5, 0.5, 0.5}, ConfigKey.DOUBLES, (k, v) -> {
            for (int i = 0; i < v.length; i++) {
                Checks.finite(k + "[" + i + "]", v[i]);
            }
        });
    }

    private final ConfigValues values;

    private TvltImageProcessorConfig(ConfigValues values) {
        this.values = values;
    }

    /** @return the reference defaults */
    public static TvltImageProcessorConfig defaults() {
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
     * Reads the image-processor keys of a {@code preprocessor_config.json}; other keys are ignored.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException naming the file and, for an invalid value, the key
     */
    public static TvltImageProcessorConfig fromJson(Path file) {
        return ConfigJson.read(file, TvltImageProcessorConfig::read);
    }

    /**
     * Parses the image-processor keys of a JSON object; other keys are ignored.
     *
     * @param json the JSON text
     * @return the config
     * @throws ConfigException naming the invalid key
     */
    public static TvltImageProcessorConfig fromJson(String json) {
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /** Reads this config's keys from a parsed object; absent keys take the defaults. */
    static TvltImageProcessorConfig read(ConfigNode in) {
        return new Builder(new ConfigValues.Builder(KEYS).read(in)).build();
    }

    /** @return this config's entries with HF key names, with the type name the reference also writes */
    Map<String, JsonNode> toJsonEntries() {
        Map<String, JsonNode> m = values.toJson();
        m.put("image_processor_type", JsonNodeFactory.instance.textNode("TvltImageProcessor"));
        return m;
    }

    /** @return this config as JSON with HF key names, keys sorted */
    public String toJson() {
        return ConfigJson.writeSorted(toJsonEntries());
    }

    /** @return {@code do_resize} (default true) */
    public boolean doResize() {
        return values.get(DO_RESIZE);
    }

    /** @return {@code size} (default {@code {shortest_edge: 224}}) */
    public SizeDict size() {
        return values.get(SIZE);
    }

    /** @return a copy of {@code patch_size}: [height, width] (default [16, 16]) */
    public int[] patchSize() {
        return values.get(PATCH_SIZE).clone();
    }

    /** @return {@code num_frames}: the maximum number of frames a video may have (default 8) */
    public int numFrames() {
        return values.get(NUM_FRAMES);
    }

    /** @return {@code resample} (default {@link Resample#BILINEAR}, Pillow number 2) */
    public Resample resample() {
        return values.get(RESAMPLE);
    }

    /** @return {@code do_center_crop} (default true) */
    public boolean doCenterCrop() {
        return values.get(DO_CENTER_CROP);
    }

    /** @return {@code crop_size} (default {@code {height: 224, width: 224}}) */
    public SizeDict cropSize() {
        return values.get(CROP_SIZE);
    }

    /** @return {@code do_rescale} (default true) */
    public boolean doRescale() {
        return values.get(DO_RESCALE);
    }

    /** @return {@code rescale_factor} (default 1/255 = 0.00392156862745098) */
    public double rescaleFactor() {
        return values.get(RESCALE_FACTOR);
    }

    /** @return {@code do_normalize} (default true) */
    public boolean doNormalize() {
        return values.get(DO_NORMALIZE);
    }

    /** @return a copy of {@code image_mean}, one value per channel (default [0.5, 0.5, 0.5]) */
    public double[] imageMean() {
        return values.get(IMAGE_MEAN).clone();
    }

    /** @return a copy of {@code image_std}, one value per channel (default [0.5, 0.5, 0.5]) */
    public double[] imageStd() {
        return values.get(IMAGE_STD).clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TvltImageProcessorConfig && values.equals(((TvltImageProcessorConfig) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** @return the settings with HF key names */
    @Override
    public String toString() {
        return values.summary("TvltImageProcessorConfig", KEYS);
    }

    /** Fluent builder, starting from the reference defaults; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {

        private final ConfigValues.Builder values;

        private Builder(ConfigValues.Builder values) {
            this.values = values;
        }

        /** Sets {@code do_resize}; returns this builder. */
        public Builder doResize(boolean v) {
            values.set(DO_RESIZE, v);
            return this;
        }

        /** Sets {@code size}; returns this builder. */
        public Builder size(SizeDict v) {
            values.set(SIZE, v);
            return this;
        }

        /** Sets {@code patch_size} (copied; two entries); returns this builder. */
        public Builder patchSize(int... v) {
            values.set(PATCH_SIZE, v == null ? null : v.clone());
            return this;
        }

        /** Sets {@code num_frames}; returns this builder. */
        public Builder numFrames(int v) {
            values.set(NUM_FRAMES, v);
            return this;
        }

        /** Sets {@code resample}; returns this builder. */
        public Builder resample(Resample v) {
            values.set(RESAMPLE, v);
            return this;
        }

        /** Sets {@code do_center_crop}; returns this builder. */
        public Builder doCenterCrop(boolean v) {
            values.set(DO_CENTER_CROP, v);
            return this;
        }

        /** Sets {@code crop_size}; returns this builder. */
        public Builder cropSize(SizeDict v) {
            values.set(CROP_SIZE, v);
            return this;
        }

        /** Sets {@code do_rescale}; returns this builder. */
        public Builder doRescale(boolean v) {
            values.set(DO_RESCALE, v);
            return this;
        }

        /** Sets {@code rescale_factor}; returns this builder. */
        public Builder rescaleFactor(double v) {
            values.set(RESCALE_FACTOR, v);
            return this;
        }

        /** Sets {@code do_normalize}; returns this builder. */
        public Builder doNormalize(boolean v) {
            values.set(DO_NORMALIZE, v);
            return this;
        }

        /** Sets {@code image_mean} (copied); returns this builder. */
        public Builder imageMean(double... v) {
            values.set(IMAGE_MEAN, v == null ? null : v.clone());
            return this;
        }

        /** Sets {@code image_std} (copied); returns this builder. */
        public Builder imageStd(double... v) {
            values.set(IMAGE_STD, v == null ? null : v.clone());
            return this;
        }

        /**
         * Validates the values and creates the config.
         *
         * @return the config
         * @throws ConfigException naming the invalid key
         */
        public TvltImageProcessorConfig build() {
            TvltImageProcessorConfig c = new TvltImageProcessorConfig(values.build());
            double[] mean = c.imageMean();
            double[] std = c.imageStd();
            if (mean.length == 0 || mean.length != std.length) {
                throw new ConfigException("'image_mean' and 'image_std' must be non-empty and of equal length, got "
                        + mean.length + " and " + std.length);
            }
            for (int i = 0; i < std.length; i++) {
                if (std[i] == 0) {
                    throw new ConfigException("'image_std[" + i + "]' must not be zero");
                }
            }
            return c;
        }
    }
}
