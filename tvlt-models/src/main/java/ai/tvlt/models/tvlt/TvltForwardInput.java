package ai.tvlt.models.tvlt;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.core.tensor.FloatTensor;

/**
 * What the inputs of {@link TvltModel}, {@link TvltForPreTraining} and
 * {@link TvltForAudioVisualClassification} share: the encoder's {@link TvltInputs} ({@code pixel_values},
 * {@code pixel_mask}, {@code audio_values}, {@code audio_mask}) and the output flags
 * {@code output_hidden_states} and {@code output_attentions}. Each subclass adds its own arguments.
 * Immutable.
 */
public abstract class TvltForwardInput {

    private final TvltInputs inputs;
    private final boolean outputHiddenStates;
    private final boolean outputAttentions;

    /**
     * @param builder the values set
     */
    protected TvltForwardInput(Builder<?> builder) {
        this.inputs = builder.encoderInputs();
        this.outputHiddenStates = builder.outputHiddenStates;
        this.outputAttentions = builder.outputAttentions;
    }

    /** @return the encoder's inputs */
    public TvltInputs inputs() {
        return inputs;
    }

    /** @return whether the output holds every layer's hidden states ({@code output_hidden_states}) */
    public boolean outputHiddenStates() {
        return outputHiddenStates;
    }

    /** @return whether the output holds every layer's attention probabilities ({@code output_attentions}) */
    public boolean outputAttentions() {
        return outputAttentions;
    }

    /**
     * The setters every model input has; not thread-safe.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private FloatTensor pixelValues;
        private FloatTensor pixelMask;
        private FloatTensor audioValues;
        private FloatTensor audioMask;
        private boolean outputHiddenStates;
        private boolean outputAttentions;

        /** Creates an empty builder. */
        protected Builder() {
        }

        /** @return this builder, typed */
        protected abstract B self();

        /**
         * @param v all four encoder inputs at once, e.g. {@code TvltProcessor}'s output
         * @return this builder
         */
        public B inputs(TvltInputs v) {
            this.pixelValues = v.pixelValues();
            this.pixelMask = v.pixelMask().orElse(null);
            this.audioValues = v.audioValues();
            this.audioMask = v.audioMask().orElse(null);
            return self();
        }

        /**
         * @param v {@code pixel_values} [B, T, C, H, W] (required)
         * @return this builder
         */
        public B pixelValues(FloatTensor v) {
            this.pixelValues = v;
            return self();
        }

        /**
         * @param v {@code audio_values} [B, C, time, freq] (required)
         * @return this builder
         */
        public B audioValues(FloatTensor v) {
            this.audioValues = v;
            return self();
        }

        /**
         * @param v {@code pixel_mask} [B, T*P] of 0/1, or null
         * @return this builder
         */
        public B pixelMask(FloatTensor v) {
            this.pixelMask = v;
            return self();
        }

        /**
         * @param v {@code audio_mask} [B, Pa] of 0/1, or null
         * @return this builder
         */
        public B audioMask(FloatTensor v) {
            this.audioMask = v;
            return self();
        }

        /**
         * @param v {@code output_hidden_states}
         * @return this builder
         */
        public B outputHiddenStates(boolean v) {
            this.outputHiddenStates = v;
            return self();
        }

        /**
         * @param v {@code output_attentions}
         * @return this builder
         */
        public B outputAttentions(boolean v) {
            this.outputAttentions = v;
            return self();
        }

        /**
         * @return the encoder inputs set so far
         * @throws ai.tvlt.core.error.InvalidInputException when pixel_values or audio_values is missing
         */
        protected TvltInputs encoderInputs() {
            return TvltInputs.of(pixelValues, pixelMask, audioValues, audioMask);
        }
    }
}
