package ai.tvlt.processing.audio;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Objects;

/**
 * A decoded audio clip: mono float samples, nominally in [-1, 1), and the facts of the source.
 *
 * <p>The record does not copy {@code samples}: treat the array as read-only once decoded.
 *
 * @param samples mono samples (multi-channel sources averaged)
 * @param samplingRate samples per second
 * @param channels channels in the source before down-mixing
 * @param bitsPerSample bits per sample in the source container (8, 16, 24, 32 or 64)
 * @param floatingPoint whether the source samples were IEEE floats
 */
public record DecodedAudio(float[] samples, int samplingRate, int channels, int bitsPerSample,
        boolean floatingPoint) {

    /**
     * @param samples mono samples
     * @param samplingRate samples per second, positive
     * @param channels source channels, positive
     * @param bitsPerSample source bits per sample
     * @param floatingPoint whether the source was float
     */
    public DecodedAudio {
        InvalidInputException.requireNonNull(samples, "samples");
        if (samplingRate < 1 || channels < 1) {
            throw new InvalidInputException("sampling rate and channels must be positive, got " + samplingRate
                    + " Hz and " + channels + " channels");
        }
    }

    /** @return the duration in seconds */
    public double durationSeconds() {
        return samples.length / (double) samplingRate;
    }

    @Override
    public String toString() {
        return "DecodedAudio{" + samples.length + " samples, " + samplingRate + " Hz, " + channels + " channel(s), "
                + bitsPerSample + "-bit " + (floatingPoint ? "float" : "PCM") + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedAudio d && samplingRate == d.samplingRate && channels == d.channels
                && bitsPerSample == d.bitsPerSample && floatingPoint == d.floatingPoint
                && java.util.Arrays.equals(samples, d.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(samplingRate, channels, bitsPerSample, floatingPoint)
                + 31 * java.util.Arrays.hashCode(samples);
    }
}
