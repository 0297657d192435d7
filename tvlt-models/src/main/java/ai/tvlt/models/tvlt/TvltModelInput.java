package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltModel#forward}, named after the reference's: {@code pixel_values}
 * [B, T, C, H, W], {@code audio_values} [B, C, time, freq], optional {@code pixel_mask} [B, T*P] and
 * {@code audio_mask} [B, Pa] (1 = real token), the flags {@code mask_pixel}, {@code mask_audio},
 * {@code output_hidden_states}, {@code output_attentions}, and the masking noise. Immutable, built
 * with {@link #builder()}; shapes are checked against the model's config by {@link TvltModel#forward}.
 *
 * <p>Masking noise: {@code pixelMaskNoise} [B, T*P] and {@code audioMaskNoise} [B, Pa] are the per-token
 * values the reference's {@code random_masking} sorts (for frame-level audio masking, one value repeated
 * over a time row's frequency patches). They are used as given. Without them, noise is drawn from the
 * project's own generator ({@link java.util.SplittableRandom}) seeded with {@link Builder#seed(long)}
 * (default 0): reproducible, but not torch's random numbers.
 */
public final class TvltModelInput {

    private final FloatTensor pixelValues;
    private final FloatTensor audioValues;
    private final FloatTensor pixelMask;
    private final FloatTensor audioMask;
    private final boolean maskPixel;
    private final boolean maskAudio;
    private final boolean outputHiddenStates;
    private final boolean outputAttentions;
    private final FloatTensor pixelMaskNoise;
    private final FloatTensor audioMaskNoise;
    private final long seed;

    private TvltModelInput(Builder b) {
        this.pixelValues = b.pixelValues;
        this.audioValues = b.audioValues;
        this.pixelMask = b.pixelMask;
        this.audioMask = b.audioMask;
        this.maskPixel = b.maskPixel;
        this.maskAudio = b.maskAudio;
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

    /** @return whether pixel tokens are randomly dropped ({@code mask_pixel}) */
    public boolean maskPixel() {
        return maskPixel;
    }

    /** @return whether audio tokens are randomly dropped ({@code mask_audio}) */
    public boolean maskAudio() {
        return maskAudio;
    }

    /** @return whether the output holds every layer's hidden states */
    public boolean outputHiddenStates() {
        return outputHiddenStates;
    }

    /** @return whether the output holds every layer's attention probabilities */
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

    /** Builds a {@link TvltModelInput}; not thread-safe. */
    public static final class Builder {
        private FloatTensor pixelValues;
        private FloatTensor audioValues;
        private FloatTensor pixelMask;
        private FloatTensor audioMask;
        private boolean maskPixel;
        private boolean maskAudio;
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
         * @throws InvalidInputException when pixel_values or audio_values is missing
         */
        public TvltModelInput build() {
            if (pixelValues == null) {
                throw new InvalidInputException("pixel_values is required");
            }
            if (audioValues == null) {
                throw new InvalidInputException("audio_values is required");
            }
            return new TvltModelInput(this);
        }
    }
}
