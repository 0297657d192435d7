package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link TvltModel#forward}, with the reference's {@code TvltModelOutput} fields. Heap
 * tensors, immutable and thread-safe.
 *
 * @param lastHiddenState [B, S, D] after the final LayerNorm (none when {@code use_mean_pooling});
 *     S = 1 + kept pixel tokens + kept audio tokens, in the order [CLS, pixel..., audio...]
 * @param lastPixelHiddenState {@code last_hidden_state[:, 1:1+Np]}
 * @param lastAudioHiddenState {@code last_hidden_state[:, 1+Np:]}
 * @param pixelLabelMasks [B, T*P] float 0/1 (1 = dropped), present with mask_pixel
 * @param audioLabelMasks [B, Pa] float 0/1, present with mask_audio
 * @param pixelIdsRestore [B, T*P] int64, present with mask_pixel
 * @param audioIdsRestore [B, Pa] int64, present with mask_audio
 * @param hiddenStates with output_hidden_states: the embeddings entering layer 0, then each layer's
 *     output (the last before the final LayerNorm), each [B, S, D]; otherwise empty
 * @param attentions with output_attentions: each layer's probabilities [B, heads, S, S]; otherwise empty
 */
public record TvltModelOutput(
        FloatTensor lastHiddenState,
        FloatTensor lastPixelHiddenState,
        FloatTensor lastAudioHiddenState,
        Optional<FloatTensor> pixelLabelMasks,
        Optional<FloatTensor> audioLabelMasks,
        Optional<LongTensor> pixelIdsRestore,
        Optional<LongTensor> audioIdsRestore,
        List<FloatTensor> hiddenStates,
        List<FloatTensor> attentions) {

    /** Copies the lists so the record stays immutable. */
    public TvltModelOutput {
        hiddenStates = List.copyOf(hiddenStates);
        attentions = List.copyOf(attentions);
    }
}
