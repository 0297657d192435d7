package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.processing.video.VideoDecoder;
import ai.tvlt.weights.hub.HubEnvironment;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link TvltEmbedder} works: the {@link Pooling} (default {@link Pooling#CLS}), the number of clips
 * per padded batched forward of {@link TvltEmbedder#embed(java.util.List)} (default
 * {@value #DEFAULT_BATCH_SIZE}), and the hub settings used when the model is a hub id (default: this
 * process's {@code HF_*} variables, {@link HubEnvironment#fromSystem()}). Immutable and thread-safe; build
 * with {@link #builder()}.
 */
public final class EmbedderOptions {

    /** Clips per batched forward by default. */
    public static final int DEFAULT_BATCH_SIZE = 4;

    private static final EmbedderOptions DEFAULTS = builder().build();

    private final Pooling pooling;
    private final int batchSize;
    private final HubEnvironment hub;
    private final LoadOptions load;
    private final Duration decodeTimeout;

    private EmbedderOptions(Builder b) {
        this.load = b.load;
        this.decodeTimeout = b.decodeTimeout;
        this.pooling = b.pooling;
        this.batchSize = b.batchSize;
        this.hub = b.hub;
    }

    /** @return the defaults: CLS pooling, batches of {@value #DEFAULT_BATCH_SIZE}, the process's hub settings */
    public static EmbedderOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        return new Builder().pooling(pooling).batchSize(batchSize).hub(hub).load(load).decodeTimeout(decodeTimeout);
    }

    /** @return how the hidden states become one vector */
    public Pooling pooling() {
        return pooling;
    }

    /** @return the number of clips per batched forward */
    public int batchSize() {
        return batchSize;
    }

    /** @return how the model is loaded (its compute threads; default {@link LoadOptions#defaults()}) */
    public LoadOptions load() {
        return load;
    }

    /** @return the longest one video file's decode may take (default {@link VideoDecoder#DEFAULT_DECODE_TIMEOUT}) */
    public Duration decodeTimeout() {
        return decodeTimeout;
    }

    /** @return the hub settings, if set; otherwise the process's are used */
    public Optional<HubEnvironment> hub() {
        return Optional.ofNullable(hub);
    }

    /** @return the hub settings to use: the ones set, or this process's */
    HubEnvironment hubOrSystem() {
        return hub != null ? hub : HubEnvironment.fromSystem();
    }

    @Override
    public String toString() {
        return "EmbedderOptions[pooling=" + pooling.cliName() + ", batchSize=" + batchSize + "]";
    }

    /** Builds {@link EmbedderOptions}; not thread-safe. */
    public static final class Builder {
        private Pooling pooling = Pooling.CLS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private HubEnvironment hub;
        private LoadOptions load = LoadOptions.defaults();
        private Duration decodeTimeout = VideoDecoder.DEFAULT_DECODE_TIMEOUT;

        private Builder() {
        }

        /**
         * @param value how the hidden states become one vector
         * @return this builder
         */
        public Builder pooling(Pooling value) {
            this.pooling = InvalidInputException.requireNonNull(value, "pooling");
            return this;
        }

        /**
         * @param value clips per batched forward, at least 1 (1: every clip alone)
         * @return this builder
         * @throws InvalidInputException for a value below 1
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new InvalidInputException("batch size must be at least 1, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * @param value hub endpoint, cache folder, token and offline mode for a hub id, or null for this
         *     process's ({@code HF_ENDPOINT}, {@code HF_HUB_CACHE}, ...)
         * @return this builder
         */
        public Builder hub(HubEnvironment value) {
            this.hub = value;
            return this;
        }

        /**
         * @param value how the model is loaded (its compute threads)
         * @return this builder
         */
        public Builder load(LoadOptions value) {
            this.load = InvalidInputException.requireNonNull(value, "load");
            return this;
        }

        /**
         * @param value the longest one video file's decode may take, from 1 ms to 1 day; a clip whose decode
         *     takes longer fails alone with a clear error
         * @return this builder
         * @throws InvalidInputException when the value is out of that range
         */
        public Builder decodeTimeout(Duration value) {
            VideoDecoder.defaults().withDecodeTimeout(value);
            this.decodeTimeout = value;
            return this;
        }

        /** @return the options */
        public EmbedderOptions build() {
            return new EmbedderOptions(this);
        }
    }
}
