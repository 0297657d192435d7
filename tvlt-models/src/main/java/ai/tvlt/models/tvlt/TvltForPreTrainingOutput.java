package ai.tvlt.models.tvlt;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link TvltForPreTraining#forward}: the reference's {@code TvltForPreTrainingOutput}
 * fields ({@code loss, matching_logits, pixel_logits, audio_logits, hidden_states, attentions}), plus the
 * masking of the masked-autoencoder pass (which the reference computes but does not return) and the
 * separate loss terms. Heap tensors, immutable and thread-safe. Losses are 0-d tensors.
 *
 * @param loss the sum of the losses computed: matching BCE (when labels are given) + pixel MAE + audio MAE
 *     (in reconstruct mode); empty when none was
 * @param matchingLogits [B, 1], present when the matching task ran
 * @param pixelLogits [B, T*P, p*p*C] predicted pixel patches in {@code patchify_pixel} layout (see
 *     {@link ai.tvlt.models.reconstruction.Patches}), present in reconstruct mode
 * @param audioLogits [B, Pa, p*q*C] predicted audio patches, present in reconstruct mode
 * @param pixelLabelMasks [B, T*P] 1 = dropped (and real) pixel token, present in reconstruct mode
 * @param audioLabelMasks [B, Pa], present in reconstruct mode
 * @param pixelIdsRestore [B, T*P] int64, present in reconstruct mode
 * @param audioIdsRestore [B, Pa] int64, present in reconstruct mode
 * @param matchingLoss the BCE term, when labels were given
 * @param pixelMaeLoss the pixel reconstruction term (NaN when no real pixel token was dropped: 0/0, as in
 *     the reference), in reconstruct mode
 * @param audioMaeLoss the audio reconstruction term (NaN likewise), in reconstruct mode
 * @param hiddenStates with output_hidden_states: those of the LAST encoder pass (the masked one in
 *     reconstruct mode, the matching one otherwise), as the reference returns them; otherwise empty
 * @param attentions with output_attentions: likewise from the last encoder pass; otherwise empty
 */
public record TvltForPreTrainingOutput(
        Optional<FloatTensor> loss,
        Optional<FloatTensor> matchingLogits,
        Optional<FloatTensor> pixelLogits,
        Optional<FloatTensor> audioLogits,
        Optional<FloatTensor> pixelLabelMasks,
        Optional<FloatTensor> audioLabelMasks,
        Optional<LongTensor> pixelIdsRestore,
        Optional<LongTensor> audioIdsRestore,
        Optional<FloatTensor> matchingLoss,
        Optional<FloatTensor> pixelMaeLoss,
        Optional<FloatTensor> audioMaeLoss,
        List<FloatTensor> hiddenStates,
        List<FloatTensor> attentions) {

    /** Copies the lists so the record stays immutable. */
    public TvltForPreTrainingOutput {
        hiddenStates = List.copyOf(hiddenStates);
        attentions = List.copyOf(attentions);
    }

    /**
     * The matching scores as probabilities: {@code sigmoid(matching_logits)}, computed in float64 (the
     * probability that the video matches the audio, as the BCE loss reads the logit).
     *
     * @return [B, 1], present when the matching task ran
     */
    public Optional<FloatTensor> matchingProbabilities() {
        return matchingLogits.map(logits -> {
            float[] p = logits.data();
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (1.0 / (1.0 + Math.exp(-(double) p[i])));
            }
            return FloatTensor.wrap(p, logits.shape());
        });
    }
}
