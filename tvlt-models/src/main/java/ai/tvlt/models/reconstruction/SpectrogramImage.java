package ai.tvlt.models.reconstruction;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Renders a TVLT spectrogram (the feature extractor's {@code audio_values}, or
 * {@link Patches#unpatchifyAudio unpatchified} {@code audio_logits}) as an 8-bit grayscale picture. The
 * feature extractor scales log-mel values to [-1, 1] ({@code clip((dB - 20) / 40, -2, 0) + 1}), so -1
 * (the -100 dB floor) is black and +1 is white; values outside are clamped. Stateless.
 */
public final class SpectrogramImage {

    private SpectrogramImage() {
    }

    /**
     * @param audioValues [B, C, time, freq]
     * @param sample batch index
     * @param channel channel index
     * @return {@code freq} rows (highest frequency bin first, as spectrograms are drawn) of {@code time}
     *     columns, one byte per pixel
     */
    public static byte[] toGrayBytes(FloatTensor audioValues, int sample, int channel) {
        long[] s = audioValues.shape();
        Shapes.checkRank("audio_values", s, 4, "[batch, channels, time, frequency]");
        if (sample < 0 || sample >= s[0] || channel < 0 || channel >= s[1]) {
            throw new InvalidInputException("no channel " + channel + " of sample " + sample
                    + " in audio_values of shape " + Arrays.toString(s));
        }
        int time = (int) s[2];
        int freq = (int) s[3];
        int base = (int) (((long) sample * s[1] + channel) * time * freq);
        byte[] out = new byte[Shapes.numelInt(time, freq)];
        for (int t = 0; t < time; t++) {
            for (int f = 0; f < freq; f++) {
                float v = audioValues.get(base + t * freq + f);
                out[(freq - 1 - f) * time + t] = (byte) FrameDenormalizer.toLevel((v + 1f) * 127.5f);
            }
        }
        return out;
    }
}
