package ai.tvlt.processing.audio;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;

/**
 * The output of {@link TvltFeatureExtractor}, laid out as the reference's {@code BatchFeature}.
 *
 * @param audioValues {@code audio_values} float32 [B, 1, time, feature_size]: per clip the scaled log-mel
 *     spectrogram in [-1, 1], padded with {@code padding_value} to the batch's longest clip rounded up to
 *     whole patches
 * @param audioMask {@code audio_mask} float32 [B, patches]: 1 for each patch a clip covers, then 0
 */
public record AudioFeatures(FloatTensor audioValues, FloatTensor audioMask) {

    /**
     * @param audioValues {@code audio_values} [B, 1, time, feature_size]
     * @param audioMask {@code audio_mask} [B, patches]
     */
    public AudioFeatures {
        InvalidInputException.requireNonNull(audioValues, "audioValues");
        InvalidInputException.requireNonNull(audioMask, "audioMask");
        if (audioValues.rank() != 4 || audioMask.rank() != 2 || audioValues.dim(0) != audioMask.dim(0)) {
            throw new InvalidInputException("audio_values must be [B, 1, time, freq] and audio_mask [B, patches], got "
                    + audioValues + " and " + audioMask);
        }
    }

    /** @return the batch size B */
    public int batchSize() {
        return (int) audioValues.dim(0);
    }
}
