package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Validates a {@link TvltModelInput} against a config and derives the token counts. Every failure is
 * an {@link InvalidInputException} that names the argument and what was expected. Stateless.
 */
final class TvltInputCheck {

    /**
     * Token counts of a validated input.
     *
     * @param batch B
     * @param frames T
     * @param pixelTokens T * patches per frame
     * @param audioTimePatches whole time patches in the spectrogram
     * @param audioTokens time patches * frequency patches
     */
    record Counts(int batch, int frames, int pixelTokens, int audioTimePatches, int audioTokens) {
    }

    private TvltInputCheck() {
    }

    static Counts check(TvltModelInput in, TvltConfig config) {
        return check(in, config, "pixel_values", "pixel_mask");
    }

    /**
     * As {@link #check(TvltModelInput, TvltConfig)}, naming the pixel arguments as the caller knows them
     * (the pre-training head's matching pass feeds {@code pixel_values_mixed} / {@code pixel_mask_mixed}).
     */
    static Counts check(TvltModelInput in, TvltConfig config, String pixelValuesName, String pixelMaskName) {
        if (in == null) {
            throw new InvalidInputException("the input must not be null: build one with TvltModelInput.builder()");
        }
        FloatTensor pixels = in.inputs().pixelValues();
        FloatTensor audio = in.inputs().audioValues();
        long[] ps = pixels.shape();
        long[] as = audio.shape();
        Shapes.checkRank(pixelValuesName, ps, 5, "[batch, frames, channels, height, width]");
        Shapes.checkRank("audio_values", as, 4, "[batch, channels, time, frequency]");
        if (ps[0] < 1) {
            throw new InvalidInputException(pixelValuesName + " has an empty batch: shape " + Arrays.toString(ps));
        }
        if (as[0] != ps[0]) {
            throw new InvalidInputException("audio_values batch size " + as[0] + " differs from " + pixelValuesName
                    + " batch size " + ps[0]);
        }
        if (ps[1] < 1 || ps[1] > config.numFrames()) {
            throw new InvalidInputException(pixelValuesName + " must have 1.." + config.numFrames()
                    + " frames (config num_frames), got " + ps[1]);
        }
        if (ps[2] != config.numImageChannels()) {
            throw new InvalidInputException(pixelValuesName + " must have " + config.numImageChannels()
                    + " channels (config num_image_channels), got " + ps[2]);
        }
        if (ps[3] != config.imageSize() || ps[4] != config.imageSize()) {
            throw new InvalidInputException(pixelValuesName + " frames must be " + config.imageSize() + "x"
                    + config.imageSize() + " (config image_size), got " + ps[3] + "x" + ps[4]);
        }
        if (as[1] != config.numAudioChannels()) {
            throw new InvalidInputException("audio_values must have " + config.numAudioChannels()
                    + " channels (config num_audio_channels), got " + as[1]);
        }
        if (as[3] != config.frequencyLength()) {
            throw new InvalidInputException("audio_values must have " + config.frequencyLength()
                    + " frequency bins (config frequency_length), got " + as[3]);
        }
        int patchH = config.audioPatchSize()[0];
        if (as[2] < patchH || as[2] > config.spectrogramLength()) {
            throw new InvalidInputException("audio_values must have " + patchH + ".." + config.spectrogramLength()
                    + " time rows (one audio patch .. config spectrogram_length), got " + as[2]);
        }
        checkFinite(pixelValuesName, pixels);
        checkFinite("audio_values", audio);
        int batch = (int) ps[0];
        int frames = (int) ps[1];
        int pixelTokens = frames * config.numPixelPatchesPerFrame();
        int timePatches = (int) (as[2] / patchH);
        int audioTokens = timePatches * config.numFreqPatches();
        in.inputs().pixelMask().ifPresent(m -> checkMask(pixelMaskName, m, batch, pixelTokens));
        in.inputs().audioMask().ifPresent(m -> checkMask("audio_mask", m, batch, audioTokens));
        in.pixelMaskNoise().ifPresent(n -> checkNoise("pixel_mask_noise", n, batch, pixelTokens));
        in.audioMaskNoise().ifPresent(n -> checkNoise("audio_mask_noise", n, batch, audioTokens));
        return new Counts(batch, frames, pixelTokens, timePatches, audioTokens);
    }

    private static void checkShape(String name, FloatTensor t, int batch, int tokens, String what) {
        long[] s = t.shape();
        if (s.length != 2 || s[0] != batch || s[1] != tokens) {
            throw new InvalidInputException(name + " must have shape [" + batch + ", " + tokens + "] (batch, " + what
                    + "), got " + Arrays.toString(s));
        }
    }

    private static void checkMask(String name, FloatTensor mask, int batch, int tokens) {
        checkShape(name, mask, batch, tokens, "tokens");
        for (int i = 0; i < mask.size(); i++) {
            float v = mask.get(i);
            if (v != 0f && v != 1f) {
                throw new InvalidInputException(name + " must hold only 0 and 1, got " + v + " at flat index " + i);
            }
        }
    }

    private static void checkNoise(String name, FloatTensor noise, int batch, int tokens) {
        checkShape(name, noise, batch, tokens, "tokens before masking");
        checkFinite(name, noise);
    }

    private static void checkFinite(String name, FloatTensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Float.isFinite(t.get(i))) {
                throw new InvalidInputException(name + " must be finite, got " + t.get(i) + " at flat index " + i);
            }
        }
    }
}
