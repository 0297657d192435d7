package ai.tvlt.processing.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The centred short-time power spectrum of {@code transformers.audio_utils.spectrogram(..., power=2.0)}
 * (golden/processing/README.md, "Algorithm summary", audio steps 2-3): numpy {@code reflect} padding of
 * {@code n_fft / 2} samples on each side, frames every {@code hop} samples multiplied by the periodic Hann
 * window in float64, a one-sided real DFT (JTransforms), every complex value rounded to float32 as the
 * reference stores the STFT as complex64, and the power {@code re^2 + im^2} in float64 of those float32
 * parts.
 *
 * <p>The window is computed once. The FFT plan and buffers belong to a {@link Frames} cursor that one
 * thread uses for one waveform, so this class is immutable and thread-safe.
 */
final class PowerSpectrogram {

    private final int nFft;
    private final int hop;
    private final double[] window;

    /**
     * @param nFft frame length and DFT size
     * @param hop samples between frame starts
     */
    PowerSpectrogram(int nFft, int hop) {
        this.nFft = nFft;
        this.hop = hop;
        this.window = periodicHann(nFft);
    }

    /**
     * The periodic Hann window, {@code numpy.hanning(n + 1)[:-1]}: {@code 0.5 + 0.5 cos(pi (2k - n) / n)}.
     *
     * @param n window length
     * @return the window
     */
    static double[] periodicHann(int n) {
        double[] w = new double[n];
        int m = n + 1;
        for (int k = 0; k < n; k++) {
            double x = 1 - m + 2.0 * k;
            w[k] = 0.5 + 0.5 * StrictMath.cos(Math.PI * x / (m - 1));
        }
        return w;
    }

    /** @return the window (a copy) */
    double[] window() {
        return window.clone();
    }

    /** @return one-sided frequency bins, {@code n_fft / 2 + 1} */
    int numFrequencyBins() {
        return nFft / 2 + 1;
    }

    /**
     * The reference's frame count {@code 1 + floor((N + 2 (n_fft / 2) - n_fft) / hop)}, never negative.
     *
     * @param numSamples waveform length N
     * @return the number of STFT frames
     */
    long numFrames(long numSamples) {
        long padded = numSamples + 2L * (nFft / 2);
        if (padded < nFft) {
            return 0;
        }
        return 1 + (padded - nFft) / hop;
    }

    /**
     * @param waveform the samples (not copied; must not change while the cursor is used)
     * @return a cursor that computes one frame after another for one thread
     */
    Frames frames(float[] waveform) {
        return new Frames(waveform);
    }

    /** Per-waveform, single-thread state: the FFT plan and the frame buffer. */
    final class Frames {
        private final float[] x;
        private final DoubleFFT_1D fft = new DoubleFFT_1D(nFft);
        private final double[] buffer = new double[nFft];

        private Frames(float[] x) {
            this.x = x;
        }

        /**
         * Computes the power spectrum of frame {@code t}.
         *
         * @param t frame index
         * @param power receives {@link #numFrequencyBins()} values from {@code offset}
         * @param offset where to write in {@code power}
         */
        void power(long t, double[] power, int offset) {
            loadWindowedFrame(t);
            fft.realForward(buffer);
            storePower(power, offset);
        }

        private void loadWindowedFrame(long t) {
            long start = t * hop - nFft / 2;
            int n = x.length;
            if (start >= 0 && start + nFft <= n) {
                int s = (int) start;
                for (int k = 0; k < nFft; k++) {
                    buffer[k] = (double) x[s + k] * window[k];
                }
            } else {
                for (int k = 0; k < nFft; k++) {
                    buffer[k] = (double) x[reflect(start + k, n)] * window[k];
                }
            }
        }

        /**
         * JTransforms' realForward layout: a[2k] = Re[k], a[2k+1] = Im[k]; for even n a[1] = Re[n/2], for
         * odd n a[1] = Im[(n-1)/2]. Each part is rounded to float32 (the reference's complex64 STFT).
         */
        private void storePower(double[] power, int offset) {
            int last = nFft / 2;
            power[offset] = square((float) buffer[0]);
            for (int k = 1; k < last; k++) {
                power[offset + k] = squaredMagnitude((float) buffer[2 * k], (float) buffer[2 * k + 1]);
            }
            if (last > 0) {
                boolean even = (nFft & 1) == 0;
                power[offset + last] = even
                        ? square((float) buffer[1])
                        : squaredMagnitude((float) buffer[nFft - 1], (float) buffer[1]);
            }
        }
    }

    private static double squaredMagnitude(float re, float im) {
        return (double) re * re + (double) im * im;
    }

    private static double square(float v) {
        return (double) v * v;
    }

    /**
     * numpy {@code reflect} padding as an index map: reflection about the first and last sample without
     * repeating them, periodic with period {@code 2 (n - 1)} (so also valid when the padding is wider than
     * the signal); a single sample is repeated, as numpy does for a length-1 axis.
     */
    static int reflect(long i, int n) {
        if (n == 1) {
            return 0;
        }
        long period = 2L * (n - 1);
        long m = Math.floorMod(i, period);
        return (int) (m < n ? m : period - m);
    }
}
