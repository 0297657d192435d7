package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import java.util.Optional;

/**
 * The arguments of {@link TvltForAudioVisualClassification#forward}, named after the reference's: the
 * encoder's {@link ai.tvlt.core.input.TvltInputs} and output flags ({@link TvltForwardInput}) and optional
 * {@code labels}: int64 class ids [B] for {@code loss_type="classification"} or float targets
 * [B, num_labels] for {@code "regression"}; the builder keeps whichever was set last. Immutable, built
 * with {@link #builder()}; shapes are checked against the model's config by the forward.
 */
public final class TvltClassificationInput extends TvltForwardInput {

    private final LongTensor classLabels;
    private final FloatTensor regressionLabels;

    private TvltClassificationInput(Builder b) {
        super(b);
        this.classLabels = b.classLabels;
        this.regressionLabels = b.regressionLabels;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return class-id labels [B], if given */
    public Optional<LongTensor> classLabels() {
        return Optional.ofNullable(classLabels);
    }

    /** @return regression targets [B, num_labels], if given */
    public Optional<FloatTensor> regressionLabels() {
        return Optional.ofNullable(regressionLabels);
    }

    /** Builds a {@link TvltClassificationInput}; not thread-safe. */
    public static final class Builder extends TvltForwardInput.Builder<Builder> {
        private LongTensor classLabels;
        private FloatTensor regressionLabels;

        private Builder() {
        }

        @Override
        protected Builder self() {
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
         * @return the input
         * @throws ai.tvlt.core.error.InvalidInputException when pixel_values or audio_values is missing
         */
        public TvltClassificationInput build() {
            return new TvltClassificationInput(this);
        }
    }
}
