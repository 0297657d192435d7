package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;

/**
 * The MAE decoder's input for one modality, built from the projected kept tokens as
 * {@code TvltForPreTraining.forward} builds it: append the modality's mask token up to the full length,
 * un-shuffle with {@code ids_restore} ({@code concatenate_mask}), then add, in this order and in float32,
 * an "inner" position embedding indexed by {@code i % n}, an "outer" one indexed by {@code i / n} and a
 * type embedding. Pixel tokens: {@code decoder_pixel_pos_embed[p] + decoder_temporal_embed[t] +
 * decoder_pixel_type_embed} (n = patches per frame); audio tokens: {@code decoder_freq_embed[f] +
 * decoder_audio_pos_embed[t] + decoder_audio_type_embed} (n = frequency patches). Fewer frames or time
 * patches than the maximum use the leading rows of the outer table. Immutable and thread-safe.
 */
public final class TvltDecoderEmbeddings {

    private final float[] maskToken;
    private final float[] innerEmbed;
    private final float[] outerEmbed;
    private final float[] typeEmbed;
    private final int width;
    private final int innerLength;
    private final int outerLength;

    private TvltDecoderEmbeddings(float[] maskToken, float[] innerEmbed, float[] outerEmbed, float[] typeEmbed,
            int width, int innerLength, int outerLength) {
        this.maskToken = maskToken;
        this.innerEmbed = innerEmbed;
        this.outerEmbed = outerEmbed;
        this.typeEmbed = typeEmbed;
        this.width = width;
        this.innerLength = innerLength;
        this.outerLength = outerLength;
    }

    /**
     * The pixel decoder embeddings ({@code pixel_mask_token}, {@code decoder_pixel_pos_embed},
     * {@code decoder_temporal_embed}, {@code decoder_pixel_type_embed}).
     *
     * @param p the head's root binding
     * @param width {@code decoder_hidden_size}
     * @param patchesPerFrame pixel patches per frame
     * @param numFrames {@code num_frames}
     * @return the bound module
     */
    public static TvltDecoderEmbeddings bindPixel(ParameterBinding p, int width, int patchesPerFrame, int numFrames) {
        return new TvltDecoderEmbeddings(
                p.floats("pixel_mask_token", 1, 1, width),
                p.floats("decoder_pixel_pos_embed", 1, patchesPerFrame, width),
                p.floats("decoder_temporal_embed", 1, numFrames, width),
                p.floats("decoder_pixel_type_embed", 1, 1, width),
                width, patchesPerFrame, numFrames);
    }

    /**
     * The audio decoder embeddings ({@code audio_mask_token}, {@code decoder_freq_embed},
     * {@code decoder_audio_pos_embed}, {@code decoder_audio_type_embed}).
     *
     * @param p the head's root binding
     * @param width {@code decoder_hidden_size}
     * @param freqPatches frequency patches per time patch
     * @param maxTimePatches {@code spectrogram_length / audio_patch_size[0]}
     * @return the bound module
     */
    public static TvltDecoderEmbeddings bindAudio(ParameterBinding p, int width, int freqPatches, int maxTimePatches) {
        return new TvltDecoderEmbeddings(
                p.floats("audio_mask_token", 1, 1, width),
                p.floats("decoder_freq_embed", 1, freqPatches, width),
                p.floats("decoder_audio_pos_embed", 1, maxTimePatches, width),
                p.floats("decoder_audio_type_embed", 1, 1, width),
                width, freqPatches, maxTimePatches);
    }

    /**
     * @param kept the projected kept tokens [B, keep, width] row-major, in kept (shuffled) order
     * @param idsRestore [B, length]: position of each original token in the shuffled order
     * @param batch B
     * @param keep tokens kept per sample
     * @param length tokens per sample before masking (a multiple of the inner length)
     * @return the decoder input [B, length, width] row-major
     */
    public float[] forward(float[] kept, long[] idsRestore, int batch, int keep, int length) {
        if (length % innerLength != 0 || length / innerLength > outerLength) {
            throw new InvalidInputException(length + " tokens do not fit the decoder embeddings (" + innerLength
                    + " per row, at most " + outerLength + " rows)");
        }
        float[] out = new float[batch * length * width];
        float[] row = new float[width];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) {
                int shuffled = (int) idsRestore[b * length + i];
                if (shuffled < keep) {
                    System.arraycopy(kept, (b * keep + shuffled) * width, row, 0, width);
                } else {
                    System.arraycopy(maskToken, 0, row, 0, width);
                }
                int inner = (i % innerLength) * width;
                int outer = (i / innerLength) * width;
                int base = (b * length + i) * width;
                for (int j = 0; j < width; j++) {
                    float v = row[j] + innerEmbed[inner + j];
                    v += outerEmbed[outer + j];
                    out[base + j] = v + typeEmbed[j];
                }
            }
        }
        return out;
    }
}
