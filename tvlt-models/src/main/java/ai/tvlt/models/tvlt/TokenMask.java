package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Arrays;

/**
 * The attention mask of one row of the encoder's sequence {@code [CLS, pixel..., audio...]}, as
 * {@link TvltModel} builds it from {@code pixel_mask} and {@code audio_mask}: 1 for a real token, 0 for
 * padding, and the CLS entry copied from the first pixel token as in the reference. A mask that is not
 * given counts as all ones. Used to pool hidden states over the valid tokens. Stateless.
 */
public final class TokenMask {

    private TokenMask() {
    }

    /**
     * @param inputs the inputs of the forward (unmasked: {@code mask_pixel}/{@code mask_audio} off)
     * @param row the batch row
     * @param tokens the sequence length S of the output ({@code last_hidden_state.dim(1)})
     * @return S entries of 0/1
     * @throws InvalidInputException when the masks do not fit S tokens
     */
    public static float[] of(TvltInputs inputs, int row, int tokens) {
        FloatTensor pixelMask = inputs.pixelMask().orElse(null);
        FloatTensor audioMask = inputs.audioMask().orElse(null);
        int audio = audioMask != null ? (int) audioMask.dim(1)
                : tokens - 1 - (pixelMask != null ? (int) pixelMask.dim(1) : 0);
        int pixels = pixelMask != null ? (int) pixelMask.dim(1) : tokens - 1 - audio;
        if (pixels < 0 || audio < 0 || 1 + pixels + audio != tokens) {
            throw new InvalidInputException("pixel_mask and audio_mask have " + pixels + " + " + audio
                    + " entries, but the sequence has " + tokens + " tokens (CLS + pixel + audio)");
        }
        float[] mask = new float[tokens];
        Arrays.fill(mask, 1f);
        if (pixelMask != null) {
            System.arraycopy(pixelMask.slice(row), 0, mask, 1, pixels);
            mask[0] = pixels > 0 ? mask[1] : 1f;
        }
        if (audioMask != null) {
            System.arraycopy(audioMask.slice(row), 0, mask, 1 + pixels, audio);
        }
        return mask;
    }
}
