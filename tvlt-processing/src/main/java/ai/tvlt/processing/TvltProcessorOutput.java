package ai.tvlt.processing;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.image.PixelInputs;
import java.util.Optional;

/**
 * The tensors {@link TvltProcessor} produced, under the reference's names: {@code pixel_values} /
 * {@code pixel_mask}, {@code audio_values} / {@code audio_mask}, {@code pixel_values_mixed} /
 * {@code pixel_mask_mixed}. A part is empty when its input was not given. Immutable.
 *
 * @param pixels pixel_values [B, T, 3, H, W] and pixel_mask [B, T*P], or null
 * @param audio audio_values [B, 1, T, F] and audio_mask [B, P], or null
 * @param pixelsMixed pixel_values_mixed and pixel_mask_mixed, or null
 */
public record TvltProcessorOutput(PixelInputs pixels, AudioFeatures audio, PixelInputs pixelsMixed) {

    /** @return pixel_values and pixel_mask when videos were given */
    public Optional<PixelInputs> pixelInputs() {
        return Optional.ofNullable(pixels);
    }

    /** @return audio_values and audio_mask when audio was given */
    public Optional<AudioFeatures> audioFeatures() {
        return Optional.ofNullable(audio);
    }

    /** @return pixel_values_mixed and pixel_mask_mixed when mixed videos were given */
    public Optional<PixelInputs> pixelInputsMixed() {
        return Optional.ofNullable(pixelsMixed);
    }

    /**
     * The model inputs: what every TVLT model's {@code inputs(...)} builder setter takes, with both masks
     * as float 0/1 tensors (the reference's int64 {@code pixel_mask} converted once here).
     *
     * @return pixel_values, pixel_mask, audio_values and audio_mask
     * @throws InvalidInputException when videos or audio were not given
     */
    public TvltInputs inputs() {
        if (pixels == null || audio == null) {
            throw new InvalidInputException("the model needs both video and audio inputs; the processor was given "
                    + (pixels == null ? "no video" : "no audio"));
        }
        return TvltInputs.of(pixels.pixelValues(), pixels.pixelMask().toFloatTensor(), audio.audioValues(),
                audio.audioMask());
    }
}
