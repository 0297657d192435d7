package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.models.nn.Activation;
import ai.tvlt.models.nn.Precision;

/**
 * The sizes of a stack of {@link TvltLayer}s and their MLP activation. The encoder takes them from
 * {@code hidden_size}, {@code num_attention_heads}, {@code intermediate_size}; the MAE decoder from the
 * {@code decoder_*} keys; both use {@code layer_norm_eps}, {@code qkv_bias} and {@code hidden_act} (the
 * reference builds its decoder layers from a copy of the config, so they share the activation).
 *
 * @param hiddenSize token width
 * @param numHeads attention heads (must divide hiddenSize)
 * @param intermediateSize MLP width
 * @param layerNormEps LayerNorm epsilon
 * @param qkvBias whether query/key/value have biases
 * @param activation the MLP activation ({@code hidden_act})
 * @param precision the arithmetic of the layers' linear products
 */
public record LayerDims(int hiddenSize, int numHeads, int intermediateSize, double layerNormEps, boolean qkvBias,
        Activation activation, Precision precision) {

    /** Sizes with the default {@link Precision#FP32} products. */
    public LayerDims(int hiddenSize, int numHeads, int intermediateSize, double layerNormEps, boolean qkvBias,
            Activation activation) {
        this(hiddenSize, numHeads, intermediateSize, layerNormEps, qkvBias, activation, Precision.FP32);
    }

    /** Validates the sizes. */
    public LayerDims {
        if (hiddenSize <= 0 || numHeads <= 0 || intermediateSize <= 0) {
            throw new ConfigException("layer sizes must be positive: hidden " + hiddenSize + ", heads " + numHeads
                    + ", intermediate " + intermediateSize);
        }
        if (precision == null) {
            throw new ConfigException("the layer precision must not be null");
        }
        if (activation == null) {
            throw new ConfigException("the layer activation must not be null");
        }
        if (hiddenSize % numHeads != 0) {
            throw new ConfigException("hidden size " + hiddenSize + " is not a multiple of the number of attention heads "
                    + numHeads);
        }
    }

    /**
     * @param config a model config
     * @return the encoder's sizes
     * @throws ConfigException when {@code hidden_act} names no activation of the reference
     */
    public static LayerDims encoder(TvltConfig config) {
        return new LayerDims(config.hiddenSize(), config.numAttentionHeads(), config.intermediateSize(),
                config.layerNormEps(), config.qkvBias(), Activation.forHiddenAct(config.hiddenAct()));
    }

    /**
     * @param config a model config
     * @return the MAE decoder's sizes
     * @throws ConfigException when {@code hidden_act} names no activation of the reference
     */
    public static LayerDims decoder(TvltConfig config) {
        return new LayerDims(config.decoderHiddenSize(), config.decoderNumAttentionHeads(),
                config.decoderIntermediateSize(), config.layerNormEps(), config.qkvBias(), Activation.forHiddenAct(config.hiddenAct()));
    }

    /**
     * @param p the precision of the layers' linear products
     * @return these sizes with that precision
     */
    public LayerDims withPrecision(Precision p) {
        return new LayerDims(hiddenSize, numHeads, intermediateSize, layerNormEps, qkvBias, activation, p);
    }

    /** @return the width of one attention head */
    public int headDim() {
        return hiddenSize / numHeads;
    }
}
