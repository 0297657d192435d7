package ai.tvlt.core.input;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Optional;

/**
 * The encoder's four inputs under the reference's names: {@code pixel_values} [B, T, C, H, W],
 * {@code pixel_mask} [B, T*P], {@code audio_values} [B, C, time, freq] and {@code audio_mask} [B, Pa]. The
 * masks are float 0/1 (1 = a real patch, 0 = padding of a shorter clip of the batch); a mask left out
 * means every patch is real. {@code TvltProcessor} produces this (with both masks), and every model's
 * input holds it. Shapes are checked against the model's config by the forward. Immutable.
 */
public final class TvltInputs {

    private final FloatTensor pixelValues;
    private final FloatTensor pixelMask;
    private final FloatTensor audioValues;
    private final FloatTensor audioMask;

    private TvltInputs(FloatTensor pixelValues, FloatTensor pixelMask, FloatTensor audioValues,
            FloatTensor audioMask) {
        if (pixelValues == null) {
            throw new InvalidInputException("pixel_values is required");
        }
        if (audioValues == null) {
            throw new InvalidInputException("audio_values is required");
        }
        this.pixelValues = pixelValues;
        this.pixelMask = pixelMask;
        this.audioValues = audioValues;
        this.audioMask = audioMask;
    }

    /**
     * @param pixelValues {@code pixel_values} [B, T, C, H, W]
     * @param pixelMask {@code pixel_mask} [B, T*P] of 0/1, or null when every patch is real
     * @param audioValues {@code audio_values} [B, C, time, freq]
     * @param audioMask {@code audio_mask} [B, Pa] of 0/1, or null when every patch is real
     * @return the inputs
     * @throws InvalidInputException when pixel_values or audio_values is missing
     */
    public static TvltInputs of(FloatTensor pixelValues, FloatTensor pixelMask, FloatTensor audioValues,
            FloatTensor audioMask) {
        return new TvltInputs(pixelValues, pixelMask, audioValues, audioMask);
    }

    /**
     * @param pixelValues {@code pixel_values} [B, T, C, H, W]
     * @param audioValues {@code audio_values} [B, C, time, freq]
     * @return the inputs without masks (every patch real: one clip, or clips of one length)
     */
    public static TvltInputs of(FloatTensor pixelValues, FloatTensor audioValues) {
        return new TvltInputs(pixelValues, null, audioValues, null);
    }

    /** @return {@code pixel_values} [B, T, C, H, W] */
    public FloatTensor pixelValues() {
        return pixelValues;
    }

    /** @return {@code pixel_mask} [B, T*P], if given */
    public Optional<FloatTensor> pixelMask() {
        return Optional.ofNullable(pixelMask);
    }

    /** @return {@code audio_values} [B, C, time, freq] */
    public FloatTensor audioValues() {
        return audioValues;
    }

    /** @return {@code audio_mask} [B, Pa], if given */
    public Optional<FloatTensor> audioMask() {
        return Optional.ofNullable(audioMask);
    }

    /** @return the batch size B of {@code pixel_values} */
    public int batchSize() {
        return (int) pixelValues.dim(0);
    }

    /**
     * @param values other pixel values (e.g. {@code pixel_values_mixed})
     * @param mask their mask, or null
     * @return these inputs with the pixels replaced
     */
    public TvltInputs withPixels(FloatTensor values, FloatTensor mask) {
        return new TvltInputs(values, mask, audioValues, audioMask);
    }

    @Override
    public String toString() {
        return "TvltInputs[pixel_values=" + pixelValues + ", pixel_mask=" + pixelMask + ", audio_values="
                + audioValues + ", audio_mask=" + audioMask + "]";
    }
}
