package ai.tvlt.processing.audio;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/**
 * Collects the output of a frame-by-frame decoder as one mono track: each sample frame's channels are averaged
 * (in float64, rounded once to float32, as {@link WavDecoder} does). The track grows as frames arrive, up to
 * {@link #MAX_SAMPLES}: a compressed stream can announce or hold far more audio than its bytes suggest (a FLAC
 * frame of 65,535 constant samples takes a dozen bytes), so the cap bounds the memory a hostile file can claim.
 */
final class MonoAccumulator {

    /** The longest decoded track: 2^26 samples, 25 minutes at 44.1 kHz (256 MB of floats). */
    static final int MAX_SAMPLES = 1 << 26;

    private final String source;
    private float[] samples = new float[1 << 14];
    private int length;

    /** @param source the file's name, for the message when the track is too long */
    MonoAccumulator(String source) {
        this.source = source;
    }

    /** @return the samples collected so far */
    int length() {
        return length;
    }

    /**
     * Appends interleaved 16-bit samples.
     *
     * @param pcm interleaved samples, {@code frames * channels} of them
     * @param frames sample frames
     * @param channels channels per frame, at least 1
     * @param scale full scale: a sample is divided by it
     */
    void addInterleaved(short[] pcm, int frames, int channels, double scale) {
        ensure(frames);
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += pcm[f * channels + c] / scale;
            }
            samples[length++] = (float) (channels == 1 ? sum : sum / channels);
        }
    }

    /**
     * Appends planar integer samples.
     *
     * @param planes one array per channel, each at least {@code frames} long
     * @param frames sample frames
     * @param scale full scale: a sample is divided by it
     */
    void addPlanar(int[][] planes, int frames, double scale) {
        ensure(frames);
        int channels = planes.length;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int[] plane : planes) {
                sum += plane[f] / scale;
            }
            samples[length++] = (float) (channels == 1 ? sum : sum / channels);
        }
    }

    /**
     * Appends planar float samples.
     *
     * @param planes one array per channel, each at least {@code frames} long
     * @param frames sample frames
     * @param channels the planes used, from the first
     * @param scale full scale: a sample is divided by it
     */
    void addPlanarFloat(float[][] planes, int frames, int channels, double scale) {
        ensure(frames);
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += planes[c][f] / scale;
            }
            samples[length++] = (float) (channels == 1 ? sum : sum / channels);
        }
    }

    /** Appends {@code frames} zero samples (a frame that could not be decoded keeps its place in time). */
    void addSilence(int frames) {
        ensure(frames);
        length += frames; // the array beyond length is still zero: it only grows, never shrinks
    }

    /**
     * @param from first sample kept
     * @param to end of the kept range (exclusive); clamped to the samples collected
     * @return the samples in [from, to)
     */
    float[] range(long from, long to) {
        int end = (int) Math.max(0, Math.min(to, length));
        int start = (int) Math.max(0, Math.min(from, end));
        return Arrays.copyOfRange(samples, start, end);
    }

    private void ensure(int frames) {
        if (frames > MAX_SAMPLES - length) {
            throw new InvalidInputException(source + " decodes to more than " + MAX_SAMPLES + " samples; clips"
                    + " longer than that (25 minutes at 44.1 kHz) are not supported, cut the file first");
        }
        if (length + frames > samples.length) {
            samples = Arrays.copyOf(samples, (int) Math.min(MAX_SAMPLES,
                    Math.max((long) length + frames, 2L * samples.length)));
        }
    }
}
