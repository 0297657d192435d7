package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltForAudioVisualClassification#forward}, named after the reference's:
 * {@code pixel_values} [B, T, C, H, W], {@code audio_values} [B, C, time, freq], optional
 * {@code pixel_mask} [B, T*P] and {@code audio_mask} [B, Pa], optional {@code labels} and the output
 * flags. Labels are int64 class ids [B] for {@code loss_type="classification"} or float targets
 * [B, num_labels] for {@code "regression"}; the builder keeps whichever was set last. Immutable, built
 * with {@link #builder()}; shapes are checked against the model's config by the forward.
 */
public final class TvltClassificationInput {

    private final FloatTensor pixelValues;
    private final FloatTensor audioValues;
    private final FloatTensor pixelMask;
    private final FloatTensor audioMask;
    private final LongTensor classLabels;
    private final FloatTensor regressionLabels;
    private final boolean outputHiddenStates;
    private final boolean outputAttentions;

    private TvltClassificationInput(Builder b) {
        this.pixelValues = b.pixelValues;
        this.audioValues = b.audioValues;
        this.pixelMask = b.pixelMask;
        this.audioMask = b.audioMask;
        this.classLabels = b.classLabels;
        this.regressionLabels = b.regressionLabels;
        this.outputHiddenStates = b.outputHiddenStates;
        this.outputAttentions = b.outputAttentions;
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

    /** @return int64 class-id {@code labels} [B], if given */
    public Optional<LongTensor> classLabels() {
        return Optional.ofNullable(classLabels);
    }

    /** @return float regression {@code labels} [B, num_labels], if given */
    public Optional<FloatTensor> regressionLabels() {
        return Optional.ofNullable(regressionLabels);
    }

    /** @return whether the output holds every encoder layer's hidden states */
    public boolean outputHiddenStates() {
        return outputHiddenStates;
    }

    /** @return whether the output holds every encoder layer's attention probabilities */
    public boolean outputAttentions() {
        return outputAttentions;
    }

    /** Builds a {@link TvltClassificationInput}; not thread-safe. */
    public static final class Builder {
        private FloatTensor pixelValues;
        private FloatTensor audioValues;
        private FloatTensor pixelMask;
        private FloatTensor audioMask;
        private LongTensor classLabels;
        private FloatTensor regressionLabels;
        private boolean outputHiddenStates;
        private boolean outputAttentions;

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
         * Class-id labels for {@code loss_type="classification"} (cross-entropy); replaces float labels.
         *
         * @param v [B] ids in [0, num_labels), or -100 (ignored, as CrossEntropyLoss's ignore_index); null
         *     for none
         * @return this builder
         */
        public Builder labels(LongTensor v) {
            this.classLabels = v;
            this.regressionLabels = null;
            return this;
        }

        /**
         * Float labels for {@code loss_type="regression"} (mean squared error); replaces class ids.
         *
         * @param v [B, num_labels] targets, or null for none
         * @return this builder
         */
        public Builder labels(FloatTensor v) {
            this.regressionLabels = v;
            this.classLabels = null;
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
         * @return the input
         * @throws InvalidInputException when pixel_values or audio_values is missing
         */
        public TvltClassificationInput build() {
            if (pixelValues == null) {
                throw new InvalidInputException("pixel_values is required");
            }
            if (audioValues == null) {
                throw new InvalidInputException("audio_values is required");
            }
            return new TvltClassificationInput(this);
        }
    }
}
