package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltModel#forward}, named after the reference's: the encoder's
 * {@link ai.tvlt.core.input.TvltInputs} and output flags ({@link TvltForwardInput}), the flags
 * {@code mask_pixel} and {@code mask_audio}, and the masking noise. Immutable, built with
 * {@link #builder()}; shapes are checked against the model's config by {@link TvltModel#forward}.
 *
 * <p>Masking noise: {@code pixelMaskNoise} [B, T*P] and {@code audioMaskNoise} [B, Pa] are the per-token
 * values the reference's {@code random_masking} sorts (for frame-level audio masking, one value repeated
 * over a time row's frequency patches). They are used as given. Without them, noise is drawn from the
 * project's own generator ({@link java.util.SplittableRandom}) seeded with {@link Builder#seed(long)}
 * (default 0): reproducible, but not torch's random numbers.
 */
public final class TvltModelInput extends TvltForwardInput {

    private final boolean maskPixel;
    private final boolean maskAudio;
    private final FloatTensor pixelMaskNoise;
    private final FloatTensor audioMaskNoise;
    private final long seed;

    private TvltModelInput(Builder b) {
        super(b);
        this.maskPixel = b.maskPixel;
        this.maskAudio = b.maskAudio;
        this.pixelMaskNoise = b.pixelMaskNoise;
        this.audioMaskNoise = b.audioMaskNoise;
        this.seed = b.seed;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether pixel tokens are randomly dropped ({@code mask_pixel}) */
    public boolean maskPixel() {
        return maskPixel;
    }

    /** @return whether audio tokens are randomly dropped ({@code mask_audio}) */
    public boolean maskAudio() {
        return maskAudio;
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

    /** Builds a {@link TvltModelInput}; not thread-safe. */
    public static final class Builder extends TvltForwardInput.Builder<Builder> {
        private boolean maskPixel;
        private boolean maskAudio;
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
         * @param v {@code mask_pixel}
         * @return this builder
         */
        public Builder maskPixel(boolean v) {
            this.maskPixel = v;
            return this;
        }

        /**
         * @param v {@code mask_audio}
         * @return this builder
         */
        public Builder maskAudio(boolean v) {
            this.maskAudio = v;
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
         * @throws ai.tvlt.core.error.InvalidInputException when pixel_values or audio_values is missing
         */
        public TvltModelInput build() {
            return new TvltModelInput(this);
        }
    }
}
