package ai.tvlt.processing.image;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;

/**
 * The image half of TVLT's model inputs, under the reference's names: {@code pixel_values}
 * {@code [B, T, 3, H, W]} float32 and {@code pixel_mask} {@code [B, T * P]} int64 (1 for the patches of real
 * frames, 0 for the frames a shorter video of the batch lacks). The same pair serves as
 * {@code pixel_values_mixed} / {@code pixel_mask_mixed}.
 *
 * @param pixelValues {@code [B, T, 3, H, W]}, T the longest video of the batch
 * @param pixelMask {@code [B, T * P]}, P the patches per frame
 */
public record PixelInputs(FloatTensor pixelValues, LongTensor pixelMask) {

    /** @return the batch size B */
    public int batchSize() {
        return (int) pixelValues.dim(0);
    }

    /** @return T, the frame count of the longest video */
    public int numFrames() {
        return (int) pixelValues.dim(1);
    }
}
