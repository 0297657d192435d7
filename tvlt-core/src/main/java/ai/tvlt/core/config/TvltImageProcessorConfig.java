package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    private final boolean doResize;
    private final SizeDict size;
    private final int[] patchSize;
    private final int numFrames;
    private final Resample resample;
    private final boolean doCenterCrop;
    private final SizeDict cropSize;
    private final boolean doRescale;
    private final double rescaleFactor;
    private final boolean doNormalize;
    private final double[] imageMean;
    private final double[] imageStd;

    private TvltImageProcessorConfig(Builder b) {
        doResize = b.doResize;
        size = b.size;
        patchSize = b.patchSize.clone();
        numFrames = b.numFrames;
        resample = b.resample;
        doCenterCrop = b.doCenterCrop;
        cropSize = b.cropSize;
        doRescale = b.doRescale;
        rescaleFactor = b.rescaleFactor;
        doNormalize = b.doNormalize;
        imageMean = b.imageMean.clone();
        imageStd = b.imageStd.clone();
    }

    /**
     * The reference defaults.
     *
     * @return a config with every field at its default
     */
    public static TvltImageProcessorConfig defaults() {
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
        b.doResize = doResize;
        b.size = size;
        b.patchSize = patchSize.clone();
        b.numFrames = numFrames;
        b.resample = resample;
        b.doCenterCrop = doCenterCrop;
        b.cropSize = cropSize;
        b.doRescale = doRescale;
        b.rescaleFactor = rescaleFactor;
        b.doNormalize = doNormalize;
        b.imageMean = imageMean.clone();
        b.imageStd = imageStd.clone();
        return b;
    }

    /**
     * Reads the image-processor keys of a {@code preprocessor_config.json}; other keys are ignored.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException for an unreadable or malformed file or an invalid value (the message
     *     names the file and the key)
     */
    public static TvltImageProcessorConfig fromJson(Path file) {
        ConfigNode in = new ConfigNode(ConfigJson.readObject(file));
        try {
            return read(in);
        } catch (ConfigException e) {
            throw ConfigJson.inSource(file.toString(), e);
        }
    }

    /**
     * Parses the image-processor keys of a JSON object; other keys are ignored.
     *
     * @param json the JSON text
     * @return the config
     * @throws ConfigException for malformed JSON or an invalid value (the message names the key)
     */
    public static TvltImageProcessorConfig fromJson(String json) {
        return read(new ConfigNode(ConfigJson.readObject(json)));
    }

    /**
     * Reads this config's keys from a parsed object; absent keys take the defaults.
     *
     * @param in the object
     * @return the config
     */
    static TvltImageProcessorConfig read(ConfigNode in) {
        Builder b = builder();
        in.bool("do_resize", b::doResize);
        in.raw("size", n -> b.size(SizeDict.fromJson("size", n, false)));
        in.intPair("patch_size", b::patchSize);
        in.integer("num_frames", b::numFrames);
        in.raw("resample", n -> b.resample(Resample.fromJson(n)));
        in.bool("do_center_crop", b::doCenterCrop);
        in.raw("crop_size", n -> b.cropSize(SizeDict.fromJson("crop_size", n, true)));
        in.bool("do_rescale", b::doRescale);
        in.number("rescale_factor", b::rescaleFactor);
        in.bool("do_normalize", b::doNormalize);
        in.doubles("image_mean", b::imageMean);
        in.doubles("image_std", b::imageStd);
        return b.build();
    }

    /**
     * This config's entries with HF key names.
     *
     * @return key to JSON value
     */
    Map<String, JsonNode> toJsonEntries() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("do_resize", f.booleanNode(doResize));
        m.put("size", size.toJsonNode());
        m.put("patch_size", f.arrayNode().add(patchSize[0]).add(patchSize[1]));
        m.put("num_frames", f.numberNode(numFrames));
        m.put("resample", f.numberNode(resample.pillowCode()));
        m.put("do_center_crop", f.booleanNode(doCenterCrop));
        m.put("crop_size", cropSize.toJsonNode());
        m.put("do_rescale", f.booleanNode(doRescale));
        m.put("rescale_factor", f.numberNode(rescaleFactor));
        m.put("do_normalize", f.booleanNode(doNormalize));
        m.put("image_mean", doubleArray(imageMean));
        m.put("image_std", doubleArray(imageStd));
        m.put("image_processor_type", f.textNode("TvltImageProcessor"));
        return m;
    }

    private static ArrayNode doubleArray(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * Serialises this config with HF key names, keys sorted.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ConfigJson.writeSorted(toJsonEntries());
    }

    /** @return {@code do_resize} (default true) */
    public boolean doResize() {
        return doResize;
    }

    /** @return {@code size} (default {@code {shortest_edge: 224}}) */
    public SizeDict size() {
        return size;
    }

    /** @return a copy of {@code patch_size}: [height, width] (default [16, 16]) */
    public int[] patchSize() {
        return patchSize.clone();
    }

    /** @return {@code num_frames}: the maximum number of frames a video may have (default 8) */
    public int numFrames() {
        return numFrames;
    }

    /** @return {@code resample} (default {@link Resample#BILINEAR}, Pillow number 2) */
    public Resample resample() {
        return resample;
    }

    /** @return {@code do_center_crop} (default true) */
    public boolean doCenterCrop() {
        return doCenterCrop;
    }

    /** @return {@code crop_size} (default {@code {height: 224, width: 224}}) */
    public SizeDict cropSize() {
        return cropSize;
    }

    /** @return {@code do_rescale} (default true) */
    public boolean doRescale() {
        return doRescale;
    }

    /** @return {@code rescale_factor} (default 1/255 = 0.00392156862745098) */
    public double rescaleFactor() {
        return rescaleFactor;
    }

    /** @return {@code do_normalize} (default true) */
    public boolean doNormalize() {
        return doNormalize;
    }

    /** @return a copy of {@code image_mean}, one value per channel (default [0.5, 0.5, 0.5]) */
    public double[] imageMean() {
        return imageMean.clone();
    }

    /** @return a copy of {@code image_std}, one value per channel (default [0.5, 0.5, 0.5]) */
    public double[] imageStd() {
        return imageStd.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TvltImageProcessorConfig
                && toJsonEntries().equals(((TvltImageProcessorConfig) o).toJsonEntries());
    }

    @Override
    public int hashCode() {
        return toJsonEntries().hashCode();
    }

    /** @return the settings with HF key names */
    @Override
    public String toString() {
        return "TvltImageProcessorConfig{do_resize=" + doResize + ", size=" + size + ", patch_size="
                + Arrays.toString(patchSize) + ", num_frames=" + numFrames + ", resample=" + resample
                + ", do_center_crop=" + doCenterCrop + ", crop_size=" + cropSize + ", do_rescale=" + doRescale
                + ", rescale_factor=" + rescaleFactor + ", do_normalize=" + doNormalize + ", image_mean="
                + Arrays.toString(imageMean) + ", image_std=" + Arrays.toString(imageStd) + "}";
    }

    /** Fluent builder, starting from the reference defaults; {@link #build()} validates. */
    public static final class Builder {
        private boolean doResize = true;
        private SizeDict size = SizeDict.ofShortestEdge(224);
        private int[] patchSize = {16, 16};
        private int numFrames = 8;
        private Resample resample = Resample.BILINEAR;
        private boolean doCenterCrop = true;
        private SizeDict cropSize = SizeDict.ofHeightWidth(224, 224);
        private boolean doRescale = true;
        private double rescaleFactor = DEFAULT_RESCALE_FACTOR;
        private boolean doNormalize = true;
        private double[] imageMean = {0.5, 0.5, 0.5};
        private double[] imageStd = {0.5, 0.5, 0.5};

        private Builder() {
        }

        /**
         * @param v {@code do_resize}
         * @return this builder
         */
        public Builder doResize(boolean v) {
            doResize = v;
            return this;
        }

        /**
         * @param v {@code size}
         * @return this builder
         */
        public Builder size(SizeDict v) {
            size = v;
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
         * @param v {@code num_frames}
         * @return this builder
         */
        public Builder numFrames(int v) {
            numFrames = v;
            return this;
        }

        /**
         * @param v {@code resample}
         * @return this builder
         */
        public Builder resample(Resample v) {
            resample = v;
            return this;
        }

        /**
         * @param v {@code do_center_crop}
         * @return this builder
         */
        public Builder doCenterCrop(boolean v) {
            doCenterCrop = v;
            return this;
        }

        /**
         * @param v {@code crop_size}
         * @return this builder
         */
        public Builder cropSize(SizeDict v) {
            cropSize = v;
            return this;
        }

        /**
         * @param v {@code do_rescale}
         * @return this builder
         */
        public Builder doRescale(boolean v) {
            doRescale = v;
            return this;
        }

        /**
         * @param v {@code rescale_factor}
         * @return this builder
         */
        public Builder rescaleFactor(double v) {
            rescaleFactor = v;
            return this;
        }

        /**
         * @param v {@code do_normalize}
         * @return this builder
         */
        public Builder doNormalize(boolean v) {
            doNormalize = v;
            return this;
        }

        /**
         * @param v {@code image_mean} (copied)
         * @return this builder
         */
        public Builder imageMean(double... v) {
            imageMean = v == null ? null : v.clone();
            return this;
        }

        /**
         * @param v {@code image_std} (copied)
         * @return this builder
         */
        public Builder imageStd(double... v) {
            imageStd = v == null ? null : v.clone();
            return this;
        }

        /**
         * Validates and creates the config.
         *
         * @return the config
         * @throws ConfigException naming the offending key
         */
        public TvltImageProcessorConfig build() {
            Checks.notNull("size", size);
            Checks.positivePair("patch_size", patchSize);
            Checks.positive("num_frames", numFrames);
            Checks.notNull("resample", resample);
            Checks.notNull("crop_size", cropSize);
            Checks.positive("rescale_factor", rescaleFactor);
            validateMeanStd();
            return new TvltImageProcessorConfig(this);
        }

        private void validateMeanStd() {
            Checks.notNull("image_mean", imageMean);
            Checks.notNull("image_std", imageStd);
            if (imageMean.length == 0 || imageMean.length != imageStd.length) {
                throw new ConfigException("'image_mean' and 'image_std' must be non-empty and of equal length, got "
                        + imageMean.length + " and " + imageStd.length);
            }
            for (int i = 0; i < imageMean.length; i++) {
                Checks.finite("image_mean[" + i + "]", imageMean[i]);
                Checks.finite("image_std[" + i + "]", imageStd[i]);
                if (imageStd[i] == 0) {
                    throw new ConfigException("'image_std[" + i + "]' must not be zero");
                }
            }
        }
    }
}
