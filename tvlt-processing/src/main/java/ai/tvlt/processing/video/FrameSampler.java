package ai.tvlt.processing.video;

import ai.tvlt.core.error.InvalidInputException;

/**
 * Chooses which frames of a clip become the model's frames. Stateless.
 */
public final class FrameSampler {

    private FrameSampler() {
    }

    /**
     * Uniform sampling over the whole clip: frame indices {@code floor(i * frameCount / numFrames)} for
     * {@code i = 0 .. numFrames - 1}. A clip with at most {@code numFrames} frames keeps all of them (no frame
     * is repeated; the processor's {@code pixel_mask} then covers only the real frames).
     *
     * @param frameCount frames in the clip, at least 1
     * @param numFrames frames wanted, at least 1
     * @return strictly increasing frame indices, {@code min(frameCount, numFrames)} of them
     */
    public static int[] uniformIndices(int frameCount, int numFrames) {
        if (frameCount < 1) {
            throw new InvalidInputException("a clip needs at least one frame to sample from, got " + frameCount);
        }
        if (numFrames < 1) {
            throw new InvalidInputException("numFrames must be at least 1, got " + numFrames);
        }
        int n = Math.min(frameCount, numFrames);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = (int) ((long) i * frameCount / n);
        }
        return indices;
    }
}
