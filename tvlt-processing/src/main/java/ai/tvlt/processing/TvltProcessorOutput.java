package ai.tvlt.processing;

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
}
