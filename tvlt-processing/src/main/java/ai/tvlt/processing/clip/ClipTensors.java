package ai.tvlt.processing.clip;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.image.PixelInputs;
import java.util.Objects;

/**
 * The preprocessed model inputs of one video and one audio clip (batch size 1), with the masks in the
 * float 0/1 form the model heads take.
 *
 * @param pixelValues {@code pixel_values} [1, T, C, H, W]
 * @param pixelMask {@code pixel_mask} [1, T*P] of 0/1
 * @param audioValues {@code audio_values} [1, 1, time, freq]
 * @param audioMask {@code audio_mask} [1, Pa] of 0/1
 */
public record ClipTensors(FloatTensor pixelValues, FloatTensor pixelMask, FloatTensor audioValues,
        FloatTensor audioMask) {

    /** Checks that no tensor is missing. */
    public ClipTensors {
        Objects.requireNonNull(pixelValues, "pixelValues");
        Objects.requireNonNull(pixelMask, "pixelMask");
        Objects.requireNonNull(audioValues, "audioValues");
        Objects.requireNonNull(audioMask, "audioMask");
    }

    /**
     * @param pixels the processor's video tensors
     * @param audio the processor's audio tensors
     * @return them together, the int64 pixel mask converted to float
     */
    public static ClipTensors of(PixelInputs pixels, AudioFeatures audio) {
        return new ClipTensors(pixels.pixelValues(), pixels.pixelMask().toFloatTensor(), audio.audioValues(),
                audio.audioMask());
    }
}
