package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import java.util.List;

/**
 * The result of {@link TvltDecoder#forward}, with the reference's {@code TvltDecoderOutput} fields.
 * Heap tensors, immutable and thread-safe.
 *
 * @param logits the final LayerNorm's output [B, S, decoder_hidden_size] (the reference's name; the MAE
 *     heads turn it into patch values)
 * @param hiddenStates with output_hidden_states: the decoder input, then each layer's output (the last
 *     before the final LayerNorm), each [B, S, decoder_hidden_size]; otherwise empty
 * @param attentions with output_attentions: each layer's probabilities [B, heads, S, S]; otherwise empty
 */
public record TvltDecoderOutput(FloatTensor logits, List<FloatTensor> hiddenStates, List<FloatTensor> attentions) {

    /** Copies the lists so the record stays immutable. */
    public TvltDecoderOutput {
        hiddenStates = List.copyOf(hiddenStates);
        attentions = List.copyOf(attentions);
    }
}
