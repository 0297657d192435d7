package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.AudioMaskType;
import java.util.SplittableRandom;

/**
 * MAE-style token dropping, the reference's {@code random_masking} and its noise generators.
 *
 * <p>Per sample: {@code ids_shuffle = argsort(noise)} with torch's CPU tie order ({@link TorchArgsort}),
 * {@code ids_restore = argsort(ids_shuffle)}, keep the first {@code len_keep} of ids_shuffle in that
 * order; {@code label_masks} is 1 for dropped tokens (in original order), multiplied by the padding mask
 * when there is one; the padding mask itself is gathered with the kept ids. Noise ignores padding, so
 * padded tokens can be kept. Stateless.
 */
public final class RandomMasking {

    private RandomMasking() {
    }

    /**
     * The masking of one modality for a whole batch.
     *
     * @param keep kept token ids per sample, [B][lenKeep], in kept order
     * @param labelMasks [B*L], 1 = dropped (and real when a padding mask was given)
     * @param idsRestore [B*L], the inverse of ids_shuffle
     * @param keptMask the padding mask gathered with the kept ids [B*lenKeep], or null without a mask
     */
    public record Result(int[][] keep, float[] labelMasks, long[] idsRestore, float[] keptMask) {
    }

    /**
     * {@code int(seq_len * (1 - ratio))} evaluated in double precision, as the reference does.
     *
     * @param seqLen tokens
     * @param ratio mask ratio
     * @return tokens kept
     */
    public static int lenKeep(int seqLen, double ratio) {
        return (int) (seqLen * (1 - ratio));
    }

    /**
     * @param noise [B*L] per-token noise
     * @param batch B
     * @param len L
     * @param lenKeep tokens to keep per sample
     * @param paddingMask [B*L] 0/1 mask, or null
     * @return the masking
     */
    public static Result apply(float[] noise, int batch, int len, int lenKeep, float[] paddingMask) {
        int[][] keep = new int[batch][];
        float[] labelMasks = new float[batch * len];
        long[] idsRestore = new long[batch * len];
        float[] keptMask = paddingMask == null ? null : new float[batch * lenKeep];
        for (int b = 0; b < batch; b++) {
            float[] row = new float[len];
            System.arraycopy(noise, b * len, row, 0, len);
            int[] shuffle = TorchArgsort.argsort(row);
            int[] restore = TorchArgsort.inverse(shuffle);
            keep[b] = java.util.Arrays.copyOf(shuffle, lenKeep);
            for (int i = 0; i < len; i++) {
                idsRestore[b * len + i] = restore[i];
                float dropped = restore[i] >= lenKeep ? 1f : 0f;
                labelMasks[b * len + i] = paddingMask == null ? dropped : dropped * paddingMask[b * len + i];
            }
            if (paddingMask != null) {
                for (int i = 0; i < lenKeep; i++) {
                    keptMask[b * lenKeep + i] = paddingMask[b * len + keep[b][i]];
                }
            }
        }
        return new Result(keep, labelMasks, idsRestore, keptMask);
    }

    /**
     * Pixel noise from the project's generator: one uniform [0, 1) float per token. This is NOT torch's
     * random generator, so a seed does not reproduce a PyTorch run; pass the noise to do that.
     *
     * @param random the generator
     * @param batch B
     * @param len tokens per sample
     * @return [B*L] noise
     */
    public static float[] pixelNoise(SplittableRandom random, int batch, int len) {
        float[] noise = new float[batch * len];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = uniform(random);
        }
        return noise;
    }

    /**
     * Audio noise from the project's generator: for frame-level masking one value per time row of
     * patches repeated over its {@code freqLen} frequency patches (as the reference's generator shapes
     * it), for patch-level masking one value per patch. Not torch's random generator.
     *
     * @param random the generator
     * @param batch B
     * @param len audio tokens per sample
     * @param freqLen frequency patches per time row
     * @param type the config's audio_mask_type
     * @return [B*L] noise
     */
    public static float[] audioNoise(SplittableRandom random, int batch, int len, int freqLen, AudioMaskType type) {
        float[] noise = new float[batch * len];
        if (type == AudioMaskType.PATCH_LEVEL) {
            for (int i = 0; i < noise.length; i++) {
                noise[i] = uniform(random);
            }
            return noise;
        }
        int timePatches = len / freqLen;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < timePatches; t++) {
                float v = uniform(random);
                for (int f = 0; f < freqLen; f++) {
                    noise[b * len + t * freqLen + f] = v;
                }
            }
        }
        return noise;
    }

    private static float uniform(SplittableRandom random) {
        return (random.nextInt() >>> 8) * 0x1.0p-24f;
    }
}
