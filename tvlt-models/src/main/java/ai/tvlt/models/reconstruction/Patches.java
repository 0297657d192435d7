package ai.tvlt.models.reconstruction;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import java.util.Arrays;

/**
 * The patch layout of TVLT's masked-autoencoder targets and predictions, and its inverse.
 *
 * <p>{@code patchify_pixel} of the reference: [B, T, C, H, W] becomes [B, T*h*w, p*q*C] with tokens in
 * (frame, patch row, patch column) order and, inside a token, the feature index
 * {@code (row_in_patch * q + col_in_patch) * C + channel}: channel varies fastest (not the conv layout
 * C, p, q). {@code patchify_audio} does the same on [B, C, time, freq] with tokens in (time patch,
 * frequency patch) order. {@code pixel_logits} / {@code audio_logits} of {@code TvltForPreTraining}
 * are in this layout, so {@link #unpatchifyPixels} / {@link #unpatchifyAudio} turn them back into frames
 * and spectrograms. Stateless.
 */
public final class Patches {

    private Patches() {
    }

    /**
     * The reference's {@code patchify_pixel}.
     *
     * @param pixelValues [B, T, C, H, W]
     * @param patchHeight p (must divide H)
     * @param patchWidth q (must divide W)
     * @return [B, T*(H/p)*(W/q), p*q*C]
     * @throws InvalidInputException for a wrong rank or a size that is not a multiple of the patch
     */
    public static FloatTensor patchifyPixels(FloatTensor pixelValues, int patchHeight, int patchWidth) {
        long[] s = pixelValues.shape();
        Shapes.checkRank("pixel_values", s, 5, "[batch, frames, channels, height, width]");
        checkPatch(patchHeight, patchWidth);
        if (s[3] % patchHeight != 0 || s[4] % patchWidth != 0) {
            throw new InvalidInputException("pixel_values frames of " + s[3] + "x" + s[4]
                    + " are not a whole number of " + patchHeight + "x" + patchWidth + " patches");
        }
        int batch = (int) s[0];
        int frames = (int) s[1];
        int channels = (int) s[2];
        int rows = (int) (s[3] / patchHeight);
        int cols = (int) (s[4] / patchWidth);
        float[] in = pixelValues.data();
        float[] out = new float[in.length];
        Layout layout = new Layout(channels, rows, cols, patchHeight, patchWidth);
        for (int bt = 0; bt < batch * frames; bt++) {
            layout.patchify(in, (long) bt * channels * s[3] * s[4], out, (long) bt * rows * cols * layout.feature());
        }
        return FloatTensor.wrap(out, batch, (long) frames * rows * cols, layout.feature());
    }

    /**
     * The inverse of {@link #patchifyPixels}: [B, T*h*w, p*q*C] back to [B, T, C, h*p, w*q].
     *
     * @param patches [B, T*h*w, p*q*C], e.g. {@code pixel_logits}
     * @param channels C
     * @param height H = h*p
     * @param width W = w*q
     * @param patchHeight p
     * @param patchWidth q
     * @return [B, T, C, H, W]
     * @throws InvalidInputException when the shape does not fit these sizes
     */
    public static FloatTensor unpatchifyPixels(FloatTensor patches, int channels, int height, int width,
            int patchHeight, int patchWidth) {
        checkPatch(patchHeight, patchWidth);
        if (channels < 1 || height % patchHeight != 0 || width % patchWidth != 0 || height < 1 || width < 1) {
            throw new InvalidInputException("cannot unpatchify into " + channels + " channels of " + height + "x"
                    + width + " with " + patchHeight + "x" + patchWidth + " patches");
        }
        int rows = height / patchHeight;
        int cols = width / patchWidth;
        Layout layout = new Layout(channels, rows, cols, patchHeight, patchWidth);
        long[] s = checkPatchTensor("pixel patches", patches, layout.feature());
        if (s[1] % ((long) rows * cols) != 0) {
            throw new InvalidInputException("pixel patches hold " + s[1] + " tokens, not a whole number of frames of "
                    + rows * cols + " patches");
        }
        int batch = (int) s[0];
        int frames = (int) (s[1] / ((long) rows * cols));
        float[] in = patches.data();
        float[] out = new float[in.length];
        for (int bt = 0; bt < batch * frames; bt++) {
            layout.unpatchify(in, (long) bt * rows * cols * layout.feature(), out, (long) bt * channels * height * width);
        }
        return FloatTensor.wrap(out, batch, frames, channels, height, width);
    }

    /**
     * {@link #unpatchifyPixels} with the sizes of a model config ({@code num_image_channels},
     * {@code image_size}, {@code image_patch_size}).
     *
     * @param pixelLogits [B, T*P, p*q*C], as {@code TvltForPreTraining} returns them
     * @param config the model's config
     * @return frames [B, T, C, image_size, image_size], in the model's input scale (normalised)
     */
    public static FloatTensor unpatchifyPixels(FloatTensor pixelLogits, TvltConfig config) {
        int[] patch = config.imagePatchSize();
        return unpatchifyPixels(pixelLogits, config.numImageChannels(), config.imageSize(), config.imageSize(),
                patch[0], patch[1]);
    }

    /**
     * The reference's {@code patchify_audio}. Time rows that do not fill a whole patch (and frequency
     * bins beyond the last whole patch) are dropped, as the stride-p patch convolution drops them (the
     * reference's reshape would fail on them instead).
     *
     * @param audioValues [B, C, time, freq]
     * @param patchTime p
     * @param patchFreq q
     * @return [B, (time/p)*(freq/q), p*q*C]
     */
    public static FloatTensor patchifyAudio(FloatTensor audioValues, int patchTime, int patchFreq) {
        long[] s = audioValues.shape();
        Shapes.checkRank("audio_values", s, 4, "[batch, channels, time, frequency]");
        checkPatch(patchTime, patchFreq);
        int batch = (int) s[0];
        int channels = (int) s[1];
        int rows = (int) (s[2] / patchTime);
        int cols = (int) (s[3] / patchFreq);
        Layout layout = new Layout(channels, rows, cols, patchTime, patchFreq);
        float[] in = audioValues.data();
        float[] out = new float[Shapes.numelInt(batch, (long) rows * cols, layout.feature())];
        for (int b = 0; b < batch; b++) {
            layout.patchify(in, (long) b * channels * s[2] * s[3], s[2], s[3], out,
                    (long) b * rows * cols * layout.feature());
        }
        return FloatTensor.wrap(out, batch, (long) rows * cols, layout.feature());
    }

    /**
     * The inverse of {@link #patchifyAudio}: [B, Tp*w, p*q*C] back to a spectrogram [B, C, Tp*p, w*q].
     *
     * @param patches [B, Tp*w, p*q*C], e.g. {@code audio_logits}
     * @param channels C
     * @param freqPatches w, frequency patches per time patch
     * @param patchTime p
     * @param patchFreq q
     * @return [B, C, Tp*p, w*q]
     */
    public static FloatTensor unpatchifyAudio(FloatTensor patches, int channels, int freqPatches, int patchTime,
            int patchFreq) {
        checkPatch(patchTime, patchFreq);
        if (channels < 1 || freqPatches < 1) {
            throw new InvalidInputException("cannot unpatchify audio into " + channels + " channels of " + freqPatches
                    + " frequency patches");
        }
        Layout probe = new Layout(channels, 1, freqPatches, patchTime, patchFreq);
        long[] s = checkPatchTensor("audio patches", patches, probe.feature());
        if (s[1] % freqPatches != 0) {
            throw new InvalidInputException("audio patches hold " + s[1] + " tokens, not a whole number of time rows of "
                    + freqPatches + " frequency patches");
        }
        int batch = (int) s[0];
        int rows = (int) (s[1] / freqPatches);
        Layout layout = new Layout(channels, rows, freqPatches, patchTime, patchFreq);
        long time = (long) rows * patchTime;
        long freq = (long) freqPatches * patchFreq;
        float[] in = patches.data();
        float[] out = new float[in.length];
        for (int b = 0; b < batch; b++) {
            layout.unpatchify(in, (long) b * rows * freqPatches * layout.feature(), out,
                    (long) b * channels * time * freq);
        }
        return FloatTensor.wrap(out, batch, channels, time, freq);
    }

    /**
     * {@link #unpatchifyAudio} with the sizes of a model config ({@code num_audio_channels},
     * {@code frequency_length / audio_patch_size[1]} frequency patches, {@code audio_patch_size}).
     *
     * @param audioLogits [B, Tp*F, p*q*C], as {@code TvltForPreTraining} returns them
     * @param config the model's config
     * @return the spectrogram [B, C, Tp*p, F*q], in the model's input scale
     */
    public static FloatTensor unpatchifyAudio(FloatTensor audioLogits, TvltConfig config) {
        int[] patch = config.audioPatchSize();
        return unpatchifyAudio(audioLogits, config.numAudioChannels(), config.numFreqPatches(), patch[0], patch[1]);
    }

    /**
     * Combines a prediction with the original the way MAE reconstructions are shown: the tokens the
     * encoder did not see ({@code label_masks} = 1) take the predicted values, the others keep the
     * original ones.
     *
     * @param original patchified inputs [B, L, F] ({@link #patchifyPixels} / {@link #patchifyAudio})
     * @param predicted {@code pixel_logits} / {@code audio_logits} [B, L, F]
     * @param labelMasks {@code *_label_masks} [B, L] of 0/1
     * @return [B, L, F]
     */
    public static FloatTensor pasteMasked(FloatTensor original, FloatTensor predicted, FloatTensor labelMasks) {
        long[] s = original.shape();
        Shapes.checkRank("original patches", s, 3, "[batch, tokens, features]");
        if (!Arrays.equals(s, predicted.shape())) {
            throw new InvalidInputException("predicted patches have shape " + Arrays.toString(predicted.shape())
                    + ", the original ones " + Arrays.toString(s));
        }
        if (!Arrays.equals(new long[] {s[0], s[1]}, labelMasks.shape())) {
            throw new InvalidInputException("label_masks must have shape [" + s[0] + ", " + s[1] + "], got "
                    + Arrays.toString(labelMasks.shape()));
        }
        int features = (int) s[2];
        float[] out = original.data();
        float[] pred = predicted.data();
        for (int token = 0; token < labelMasks.size(); token++) {
            float m = labelMasks.get(token);
            if (m != 0f && m != 1f) {
                throw new InvalidInputException("label_masks must hold only 0 and 1, got " + m + " at flat index "
                        + token);
            }
            if (m == 1f) {
                System.arraycopy(pred, token * features, out, token * features, features);
            }
        }
        return FloatTensor.wrap(out, s);
    }

    private static void checkPatch(int p, int q) {
        if (p < 1 || q < 1) {
            throw new InvalidInputException("patch size must be positive, got " + p + "x" + q);
        }
    }

    private static long[] checkPatchTensor(String name, FloatTensor t, int feature) {
        long[] s = t.shape();
        Shapes.checkRank(name, s, 3, "[batch, tokens, patch values]");
        if (s[2] != feature) {
            throw new InvalidInputException(name + " must have " + feature + " values per token, got "
                    + Arrays.toString(s));
        }
        return s;
    }

    /** One image (or spectrogram) of C channels cut into rows x cols patches of p x q. */
    private record Layout(int channels, int rows, int cols, int p, int q) {

        int feature() {
            return p * q * channels;
        }

        void patchify(float[] in, long inOffset, float[] out, long outOffset) {
            patchify(in, inOffset, (long) rows * p, (long) cols * q, out, outOffset);
        }

        /** Reads a [C, height, width] block (height, width >= the patched area) into [rows*cols, p*q*C]. */
        void patchify(float[] in, long inOffset, long height, long width, float[] out, long outOffset) {
            int o = (int) outOffset;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < q; j++) {
                            for (int ch = 0; ch < channels; ch++) {
                                out[o++] = in[(int) (inOffset + (ch * height + r * p + i) * width + c * q + j)];
                            }
                        }
                    }
                }
            }
        }

        /** Writes [rows*cols, p*q*C] into a [C, rows*p, cols*q] block. */
        void unpatchify(float[] in, long inOffset, float[] out, long outOffset) {
            long height = (long) rows * p;
            long width = (long) cols * q;
            int o = (int) inOffset;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < q; j++) {
                            for (int ch = 0; ch < channels; ch++) {
                                out[(int) (outOffset + (ch * height + r * p + i) * width + c * q + j)] = in[o++];
                            }
                        }
                    }
                }
            }
        }
    }
}
