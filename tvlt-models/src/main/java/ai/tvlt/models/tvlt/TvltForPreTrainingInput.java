package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltForPreTraining#forward}, named after the reference's: {@code pixel_values}
 * [B, T, C, H, W], {@code audio_values} [B, C, time, freq], optional {@code pixel_mask} [B, T*P] and
 * {@code audio_mask} [B, Pa], the matching task's {@code pixel_values_mixed} [B, T', C, H, W],
 * {@code pixel_mask_mixed} [B, T'*P] and {@code labels} (float, [B, 1] or [B], each in [0, 1]), the
 * output flags, and the mode. Immutable, built with {@link #builder()}; shapes are checked against the
 * model's config by {@link TvltForPreTraining#forward}.
 *
 * <p>Mode: by default only the matching task runs (the reference's eval mode). With
 * {@link Builder#reconstruct(boolean) reconstruct(true)} the masked-autoencoder task runs too (the
 * reference's training-mode forward; TVLT has no dropout, so it is deterministic given the noise).
 *
 * <p>Masking noise (reconstruct mode only, ignored otherwise): {@code pixelMaskNoise} [B, T*P] and
 * {@code audioMaskNoise} [B, Pa] as in {@link TvltModelInput}; without them noise is drawn from the
 * project's generator seeded with {@link Builder#seed(long)} (default 0), not torch's.
 */
public final class TvltForPreTrainingInput {

    private final FloatTensor pixelValues;
    private final FloatTensor audioValues;
    private final FloatTensor pixelMask;
    private final FloatTensor audioMask;
    private final FloatTensor labels;
    private final FloatTensor pixelValuesMixed;
    private final FloatTensor pixelMaskMixed;
    private final boolean reconstruct;
    private final boolean outputHiddenStates;
    private final boolean outputAttentions;
    private final FloatTensor pixelMaskNoise;
    private final FloatTensor audioMaskNoise;
    private final long seed;

    private TvltForPreTrainingInput(Builder b) {
        this.pixelValues = b.pixelValues;
        this.audioValues = b.audioValues;
        this.pixelMask = b.pixelMask;
        this.audioMask = b.audioMask;
        this.labels = b.labels;
        this.pixelValuesMixed = b.pixelValuesMixed;
        this.pixelMaskMixed = b.pixelMaskMixed;
        this.reconstruct = b.reconstruct;
        this.outputHiddenStates = b.outputHiddenStates;
        this.outputAttentions = b.outputAttentions;
        this.pixelMaskNoise = b.pixelMaskNoise;
        this.audioMaskNoise = b.audioMaskNoise;
        this.seed = b.seed;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code pixel_values} [B, T, C, H, W] */
    public FloatTensor pixelValues() {
        return pixelValues;
    }

    /** @return {@code audio_values} [B, C, time, freq] */
    public FloatTensor audioValues() {
        return audioValues;
    }

    /** @return {@code pixel_mask} [B, T*P], if given */
    public Optional<FloatTensor> pixelMask() {
        return Optional.ofNullable(pixelMask);
    }

    /** @return {@code audio_mask} [B, Pa], if given */
    public Optional<FloatTensor> audioMask() {
        return Optional.ofNullable(audioMask);
    }

    /** @return the matching {@code labels} (1 = the video matches the audio), if given */
    public Optional<FloatTensor> labels() {
        return Optional.ofNullable(labels);
    }

    /** @return {@code pixel_values_mixed} [B, T', C, H, W], if given */
    public Optional<FloatTensor> pixelValuesMixed() {
        return Optional.ofNullable(pixelValuesMixed);
    }

    /** @return {@code pixel_mask_mixed} [B, T'*P], if given */
    public Optional<FloatTensor> pixelMaskMixed() {
        return Optional.ofNullable(pixelMaskMixed);
    }

    /** @return whether the masked-autoencoder task runs (the reference's training-mode forward) */
    public boolean reconstruct() {
        return reconstruct;
    }

    /** @return whether the output holds the last encoder pass's hidden states */
    public boolean outputHiddenStates() {
        return outputHiddenStates;
    }

    /** @return whether the output holds the last encoder pass's attention probabilities */
    public boolean outputAttentions() {
        return outputAttentions;
    }

    /** @return the pixel masking noise [B, T*P], if given */
    public Optional<FloatTensor> pixelMaskNoise() {
        return Optional.ofNullable(pixelMaskNoise);
    }

    /** @return the audio masking noise [B, Pa], if given */
    public Optional<FloatTensor> audioMaskNoise() {
        return Optional.ofNullable(audioMaskNoise);
    }

    /** @return the seed of the generated noise */
    public long seed() {
        return seed;
    }

    /** Builds a {@link TvltForPreTrainingInput}; not thread-safe. */
    public static final class Builder {
        private FloatTensor pixelValues;
        private FloatTensor audioValues;
        private FloatTensor pixelMask;
        private FloatTensor audioMask;
        private FloatTensor labels;
        private FloatTensor pixelValuesMixed;
        private FloatTensor pixelMaskMixed;
        private boolean reconstruct;
        private boolean outputHiddenStates;
        private boolean outputAttentions;
        private FloatTensor pixelMaskNoise;
        private FloatTensor audioMaskNoise;
        private long seed;

        private Builder() {
        }

        /**
         * @param v {@code pixel_values} [B, T, C, H, W] (required)
         * @return this builder
         */
        public Builder pixelValues(FloatTensor v) {
            this.pixelValues = v;
            return this;
        }

        /**
         * @param v {@code audio_values} [B, C, time, freq] (required)
         * @return this builder
         */
        public Builder audioValues(FloatTensor v) {
            this.audioValues = v;
            return this;
        }

        /**
         * @param v {@code pixel_mask} [B, T*P] of 0/1, or null
         * @return this builder
         */
        public Builder pixelMask(FloatTensor v) {
            this.pixelMask = v;
            return this;
        }

        /**
         * @param v {@code audio_mask} [B, Pa] of 0/1, or null
         * @return this builder
         */
        public Builder audioMask(FloatTensor v) {
            this.audioMask = v;
            return this;
        }

        /**
         * @param v matching {@code labels} [B, 1] or [B], each in [0, 1], or null (no matching loss)
         * @return this builder
         */
        public Builder labels(FloatTensor v) {
            this.labels = v;
            return this;
        }

        /**
         * @param v {@code pixel_values_mixed} [B, T', C, H, W] (the video scored against the audio by the
         *     matching task), or null
         * @return this builder
         */
        public Builder pixelValuesMixed(FloatTensor v) {
            this.pixelValuesMixed = v;
            return this;
        }

        /**
         * @param v {@code pixel_mask_mixed} [B, T'*P] of 0/1, or null
         * @return this builder
         */
        public Builder pixelMaskMixed(FloatTensor v) {
            this.pixelMaskMixed = v;
            return this;
        }

        /**
         * @param v whether to run the masked-autoencoder task as well (the reference's training mode)
         * @return this builder
         */
        public Builder reconstruct(boolean v) {
            this.reconstruct = v;
            return this;
        }

        /**
         * @param v {@code output_hidden_states}
         * @return this builder
         */
        public Builder outputHiddenStates(boolean v) {
            this.outputHiddenStates = v;
            return this;
        }

        /**
         * @param v {@code output_attentions}
         * @return this builder
         */
        public Builder outputAttentions(boolean v) {
            this.outputAttentions = v;
            return this;
        }

        /**
         * @param v pixel masking noise [B, T*P], or null to draw it
         * @return this builder
         */
        public Builder pixelMaskNoise(FloatTensor v) {
            this.pixelMaskNoise = v;
            return this;
        }

        /**
         * @param v audio masking noise [B, Pa], or null to draw it
         * @return this builder
         */
        public Builder audioMaskNoise(FloatTensor v) {
            this.audioMaskNoise = v;
            return this;
        }

        /**
         * @param v seed of the project's generator for noise that is not given (default 0)
         * @return this builder
         */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /**
         * @return the input
         * @throws InvalidInputException when pixel_values or audio_values is missing, or
         *     pixel_mask_mixed is given without pixel_values_mixed
         */
        public TvltForPreTrainingInput build() {
            if (pixelValues == null) {
                throw new InvalidInputException("pixel_values is required");
            }
            if (audioValues == null) {
                throw new InvalidInputException("audio_values is required");
            }
            if (pixelMaskMixed != null && pixelValuesMixed == null) {
                throw new InvalidInputException("pixel_mask_mixed is given without pixel_values_mixed");
            }
            return new TvltForPreTrainingInput(this);
        }
    }
}
