package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltForPreTraining#forward}, named after the reference's: the encoder's
 * {@link ai.tvlt.core.input.TvltInputs} and output flags ({@link TvltForwardInput}), the matching task's
 * {@code pixel_values_mixed} [B, T', C, H, W], {@code pixel_mask_mixed} [B, T'*P] and {@code labels}
 * (float, [B, 1] or [B], each in [0, 1]), and the mode. Immutable, built with {@link #builder()}; shapes are checked against the
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
public final class TvltForPreTrainingInput extends TvltForwardInput {

    private final FloatTensor labels;
    private final FloatTensor pixelValuesMixed;
    private final FloatTensor pixelMaskMixed;
    private final boolean reconstruct;
    private final FloatTensor pixelMaskNoise;
    private final FloatTensor audioMaskNoise;
    private final long seed;

    private TvltForPreTrainingInput(Builder b) {
        super(b);
        this.labels = b.labels;
        this.pixelValuesMixed = b.pixelValuesMixed;
        this.pixelMaskMixed = b.pixelMaskMixed;
        this.reconstruct = b.reconstruct;
        this.pixelMaskNoise = b.pixelMaskNoise;
        this.audioMaskNoise = b.audioMaskNoise;
        this.seed = b.seed;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
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
    public static final class Builder extends TvltForwardInput.Builder<Builder> {
        private FloatTensor labels;
        private FloatTensor pixelValuesMixed;
        private FloatTensor pixelMaskMixed;
        private boolean reconstruct;
        private FloatTensor pixelMaskNoise;
        private FloatTensor audioMaskNoise;
        private long seed;

        private Builder() {
        }

        @Override
        protected Builder self() {
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
            if (pixelMaskMixed != null && pixelValuesMixed == null) {
                throw new InvalidInputException("pixel_mask_mixed is given without pixel_values_mixed");
            }
            return new TvltForPreTrainingInput(this);
        }
    }
}
