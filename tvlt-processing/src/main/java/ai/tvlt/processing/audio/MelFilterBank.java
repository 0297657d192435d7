package ai.tvlt.processing.audio;

/**
 * A triangular mel filter bank with the Slaney mel scale and Slaney area normalisation, as
 * {@code transformers.audio_utils.mel_filter_bank(..., norm="slaney", mel_scale="slaney")} builds it
 * (golden/processing/README.md, "Algorithm summary", audio step 4). The arithmetic follows the
 * reference's operation order, so the weights agree with the reference to a few ulps.
 *
 * <p>Only the nonzero range of every filter is visited when the bank is applied; skipping exact zeros
 * does not change a sum of finite products.
 *
 * <p>Immutable and thread-safe.
 */
final class MelFilterBank {

    private static final double MIN_LOG_HERTZ = 1000.0;
    private static final double MIN_LOG_MEL = 15.0;

    private final int numMelFilters;
    private final int numFrequencyBins;
    /** Row-major [mel][bin]. */
    private final double[] weights;
    /** Per filter, the first bin with a nonzero weight (inclusive). */
    private final int[] firstBin;
    /** Per filter, one past the last bin with a nonzero weight (exclusive; equals firstBin when empty). */
    private final int[] endBin;

    private MelFilterBank(int numMelFilters, int numFrequencyBins, double[] weights) {
        this.numMelFilters = numMelFilters;
        this.numFrequencyBins = numFrequencyBins;
        this.weights = weights;
        this.firstBin = new int[numMelFilters];
        this.endBin = new int[numMelFilters];
        for (int m = 0; m < numMelFilters; m++) {
            int lo = 0;
            int hi = numFrequencyBins;
            while (lo < hi && weights[m * numFrequencyBins + lo] == 0.0) {
                lo++;
            }
            while (hi > lo && weights[m * numFrequencyBins + hi - 1] == 0.0) {
                hi--;
            }
            firstBin[m] = lo;
            endBin[m] = hi;
        }
    }

    /**
     * Builds the Slaney-scale, Slaney-normalised bank.
     *
     * @param numFrequencyBins one-sided FFT bins ({@code n_fft / 2 + 1})
     * @param numMelFilters filters ({@code feature_size})
     * @param minFrequency lowest filter edge in Hz (TVLT: 0)
     * @param maxFrequency highest filter edge in Hz (TVLT: 22050, whatever the sampling rate)
     * @param samplingRate the audio's sampling rate; bin k sits at {@code k * (samplingRate / 2) / (bins - 1)}
     *     with integer division of the rate, as the reference
     * @return the bank
     */
    static MelFilterBank slaney(int numFrequencyBins, int numMelFilters, double minFrequency, double maxFrequency,
            int samplingRate) {
        double[] fftFreqs = linspace(0.0, samplingRate / 2, numFrequencyBins);
        double[] melFreqs = linspace(hertzToMel(minFrequency), hertzToMel(maxFrequency), numMelFilters + 2);
        double[] filterFreqs = new double[melFreqs.length];
        for (int i = 0; i < melFreqs.length; i++) {
            filterFreqs[i] = melToHertz(melFreqs[i]);
        }
        double[] weights = new double[numMelFilters * numFrequencyBins];
        for (int m = 0; m < numMelFilters; m++) {
            double lowerWidth = filterFreqs[m + 1] - filterFreqs[m];
            double upperWidth = filterFreqs[m + 2] - filterFreqs[m + 1];
            double enorm = 2.0 / (filterFreqs[m + 2] - filterFreqs[m]);
            for (int k = 0; k < numFrequencyBins; k++) {
                double down = -(filterFreqs[m] - fftFreqs[k]) / lowerWidth;
                double up = (filterFreqs[m + 2] - fftFreqs[k]) / upperWidth;
                weights[m * numFrequencyBins + k] = Math.max(0.0, Math.min(down, up)) * enorm;
            }
        }
        return new MelFilterBank(numMelFilters, numFrequencyBins, weights);
    }

    /** numpy's {@code linspace}: {@code start + i * step}, the last point exactly {@code stop}. */
    private static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        if (num == 1) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }

    /** Slaney scale: linear below 1 kHz, logarithmic above. */
    static double hertzToMel(double hertz) {
        if (hertz >= MIN_LOG_HERTZ) {
            double logstep = 27.0 / Math.log(6.4);
            return MIN_LOG_MEL + Math.log(hertz / MIN_LOG_HERTZ) * logstep;
        }
        return 3.0 * hertz / 200.0;
    }

    /** Inverse of {@link #hertzToMel(double)}. */
    static double melToHertz(double mel) {
        if (mel >= MIN_LOG_MEL) {
            double logstep = Math.log(6.4) / 27.0;
            return MIN_LOG_HERTZ * Math.exp(logstep * (mel - MIN_LOG_MEL));
        }
        return 200.0 * mel / 3.0;
    }

    /** @return the number of filters */
    int numMelFilters() {
        return numMelFilters;
    }

    /** @return the number of frequency bins each filter spans */
    int numFrequencyBins() {
        return numFrequencyBins;
    }

    /** @return the weights, row-major [mel][bin] (a copy) */
    double[] weights() {
        return weights.clone();
    }

    /**
     * Applies the bank to one power spectrum and floors each energy: {@code max(floor, M @ power)}.
     *
     * @param power one frame's power spectrum, {@link #numFrequencyBins()} values from {@code offset}
     * @param offset start of the frame in {@code power}
     * @param floor the minimum energy (the reference's {@code mel_floor}, 1e-10)
     * @param mel receives {@link #numMelFilters()} energies
     */
    void apply(double[] power, int offset, double floor, double[] mel) {
        for (int m = 0; m < numMelFilters; m++) {
            int row = m * numFrequencyBins;
            double sum = 0.0;
            for (int k = firstBin[m], end = endBin[m]; k < end; k++) {
                sum += weights[row + k] * power[offset + k];
            }
            mel[m] = Math.max(floor, sum);
        }
    }
}
