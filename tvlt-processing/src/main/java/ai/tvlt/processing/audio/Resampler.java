package ai.tvlt.processing.audio;

import ai.tvlt.core.error.InvalidInputException;

/**
 * Band-limited sampling-rate conversion by a Kaiser-windowed sinc, for bringing decoded audio to the
 * extractor's rate (the reference's feature extractor never resamples; it refuses other rates).
 *
 * <p>The filter, in units of the lower of the two rates: cutoff {@link #ROLLOFF} = 0.9 of the lower
 * Nyquist frequency (19.845 kHz when one side is 44.1 kHz), {@link #ZERO_CROSSINGS} = 32 sinc zero crossings
 * on each side, Kaiser window with beta {@link #KAISER_BETA} = 9.0. That makes
 * {@code 2 floor(32 / (0.9 min(1, to/from))) + 2} taps per output sample (72 when upsampling, 78 for
 * 48 -> 44.1 kHz). Designed response (in fractions of the lower Nyquist frequency): flat within 0.001 dB up
 * to 0.8, -0.1 dB at 0.842, -6 dB at the cutoff 0.9, and at least 92 dB of attenuation at and above 1.0, so
 * nothing aliases when downsampling and no image survives when upsampling.
 *
 * <p>Measured through this class (ResamplerTest and the figures in the project README): 48 -> 44.1 kHz,
 * tones from 22.05 to 24 kHz attenuated by at least 92.2 dB (worst at 22.4 kHz); 22.05 -> 44.1 kHz, images
 * between 11.025 and 22.05 kHz at least 92.9 dB below the tone; pass-band amplitude error at most 1.1e-5 up
 * to 16 kHz; gain for a constant signal within 1e-5 of 1 on every phase. Samples outside the clip count as
 * zero; the output has {@code ceil(N to / from)} samples; the ratio is reduced to lowest terms and the
 * filter phases are tabulated once (computed per output sample when a ratio has very many phases).
 *
 * <p>Immutable and thread-safe.
 */
public final class Resampler {

    /** Sinc zero crossings on each side of the filter centre. */
    public static final int ZERO_CROSSINGS = 32;
    /** Cutoff as a fraction of the lower of the two Nyquist frequencies. */
    public static final double ROLLOFF = 0.9;
    /** Kaiser window shape parameter. */
    public static final double KAISER_BETA = 9.0;
    /** Largest phase table (doubles) kept in memory; larger ratios compute coefficients per output. */
    private static final int MAX_TABLE = 1 << 22;

    private final int fromRate;
    private final int toRate;
    /** Output samples per {@link #down} input samples, the ratio in lowest terms. */
    private final int up;
    private final int down;
    /** Cutoff in cycles per input sample. */
    private final double cutoff;
    /** Filter half-width in input samples. */
    private final double halfWidth;
    /** Taps j = -reach .. reach + 1 around the input sample at or before the output instant. */
    private final int reach;
    private final int taps;
    private final double besselBeta;
    /** [phase][tap] coefficients, or null when computed per output sample. */
    private final double[] table;

    private Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        this.cutoff = ROLLOFF * 0.5 * Math.min(1.0, (double) toRate / fromRate);
        this.halfWidth = ZERO_CROSSINGS / (2 * cutoff);
        this.reach = (int) Math.floor(halfWidth);
        this.taps = 2 * reach + 2;
        this.besselBeta = besselI0(KAISER_BETA);
        this.table = (long) up * taps <= MAX_TABLE ? tabulate() : null;
    }

    /**
     * @param fromRate the input's sampling rate in Hz
     * @param toRate the wanted sampling rate in Hz
     * @return a resampler between the two rates
     * @throws InvalidInputException when a rate is not positive
     */
    public static Resampler of(int fromRate, int toRate) {
        if (fromRate < 1 || toRate < 1) {
            throw new InvalidInputException("sampling rates must be positive, got " + fromRate + " -> " + toRate
                    + " Hz");
        }
        return new Resampler(fromRate, toRate);
    }

    /**
     * Resamples decoded audio; returns it unchanged when it already has the wanted rate.
     *
     * @param audio a decoded clip
     * @param toRate the wanted sampling rate in Hz
     * @return the clip at {@code toRate}, with the source's other facts
     */
    public static DecodedAudio resample(DecodedAudio audio, int toRate) {
        InvalidInputException.requireNonNull(audio, "audio");
        if (audio.samplingRate() == toRate) {
            return audio;
        }
        float[] out = of(audio.samplingRate(), toRate).resample(audio.samples());
        return new DecodedAudio(out, toRate, audio.channels(), audio.bitsPerSample(), audio.floatingPoint());
    }

    /** @return the input rate in Hz */
    public int fromRate() {
        return fromRate;
    }

    /** @return the output rate in Hz */
    public int toRate() {
        return toRate;
    }

    /** @return filter taps per output sample */
    public int taps() {
        return taps;
    }

    /**
     * @param numSamples input length N
     * @return the output length {@code ceil(N to / from)}
     */
    public long outputLength(long numSamples) {
        return Math.floorDiv(Math.addExact(Math.multiplyExact(numSamples, up), down - 1), down);
    }

    /**
     * @param samples the input clip at {@link #fromRate()} (finite values)
     * @return the clip at {@link #toRate()}
     * @throws InvalidInputException on a null clip, a non-finite sample or an output longer than a Java array
     */
    public float[] resample(float[] samples) {
        if (samples == null) {
            throw new InvalidInputException("the clip to resample is null");
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new InvalidInputException("cannot resample: sample " + i + " is " + samples[i]);
            }
        }
        long length = outputLength(samples.length);
        if (length > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("resampling " + samples.length + " samples from " + fromRate + " to "
                    + toRate + " Hz gives " + length + " samples, more than a Java array holds");
        }
        float[] out = new float[(int) length];
        double[] scratch = table == null ? new double[taps] : null;
        for (int n = 0; n < out.length; n++) {
            long position = (long) n * down;
            int base = (int) (position / up);
            int phase = (int) (position % up);
            double[] coefficients;
            int offset;
            if (table != null) {
                coefficients = table;
                offset = phase * taps;
            } else {
                fillPhase(phase, scratch, 0);
                coefficients = scratch;
                offset = 0;
            }
            out[n] = (float) convolve(samples, base - reach, coefficients, offset);
        }
        return out;
    }

    /** Sum of x[first + i] * c[offset + i] over the taps, treating samples outside the clip as zero. */
    private double convolve(float[] x, int first, double[] c, int offset) {
        int lo = Math.max(0, -first);
        int hi = Math.min(taps, x.length - first);
        double sum = 0;
        for (int i = lo; i < hi; i++) {
            sum += x[first + i] * c[offset + i];
        }
        return sum;
    }

    private double[] tabulate() {
        double[] t = new double[up * taps];
        for (int p = 0; p < up; p++) {
            fillPhase(p, t, p * taps);
        }
        return t;
    }

    /** Coefficients of tap j = -reach .. reach + 1 for an output instant {@code phase / up} past an input sample. */
    private void fillPhase(int phase, double[] dst, int offset) {
        double frac = (double) phase / up;
        for (int i = 0; i < taps; i++) {
            int j = i - reach;
            dst[offset + i] = kernel(j - frac);
        }
    }

    /** The windowed sinc at a distance {@code tau} (input samples) from the output instant. */
    private double kernel(double tau) {
        double r = tau / halfWidth;
        if (Math.abs(r) >= 1.0) {
            return 0.0;
        }
        double x = 2 * cutoff * tau;
        double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
        double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / besselBeta;
        return 2 * cutoff * sinc * window;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x <= 20). */
    private static double besselI0(double x) {
        double sum = 1.0;
        double term = 1.0;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return "Resampler{" + fromRate + " -> " + toRate + " Hz, " + taps + " taps, Kaiser beta " + KAISER_BETA + "}";
    }
}
