package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;

/**
 * A masked-autoencoder head ({@code pixel_mae_head} / {@code audio_mae_head}): one linear layer
 * {@code decoder} from {@code decoder_hidden_size} to the values of one patch. Immutable and thread-safe.
 */
public final class TvltMAEHead implements AutoCloseable {

    private final Linear decoder;

    private TvltMAEHead(Linear decoder) {
        this.decoder = decoder;
    }

    /**
     * @param p binding at {@code pixel_mae_head.} or {@code audio_mae_head.}
     * @param decoderHiddenSize {@code decoder_hidden_size}
     * @param outputDim values per patch
     * @return the bound module
     */
    public static TvltMAEHead bind(ParameterBinding p, int decoderHiddenSize, int outputDim) {
        return new TvltMAEHead(new Linear(p.matrix("decoder.weight", outputDim, decoderHiddenSize),
                p.floats("decoder.bias", outputDim)));
    }

    /** @return values per patch */
    public int outputDim() {
        return decoder.outFeatures();
    }

    /**
     * @param decoded the decoder output [rows, decoder_hidden_size] row-major
     * @param rows number of rows
     * @return the predicted patch values [rows, outputDim]
     */
    public float[] forward(float[] decoded, int rows) {
        return LinearRows.apply(decoder, decoded, rows);
    }

    @Override
    public void close() {
        decoder.close();
    }
}
