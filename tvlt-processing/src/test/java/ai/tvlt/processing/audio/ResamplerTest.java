package ai.tvlt.processing.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Frequency, amplitude and stop-band behaviour of {@link Resampler}, measured on sines. Tolerances: frequency
 * within 0.01 Hz, amplitude within 1e-4 relative (pass band), stop band at least 90 dB down.
 */
class ResamplerTest {

    @ParameterizedTest
    @CsvSource({"48000, 44100, 1000", "48000, 44100, 15000", "22050, 44100, 440", "22050, 44100, 9000",
        "16000, 44100, 3000"})
    void aPassBandSineKeepsItsFrequencyAndAmplitude(int from, int to, double hz) {
        double amplitude = 0.5;
        float[] in = sine(from, hz, amplitude, 0.3, from);
        float[] out = Resampler.of(from, to).resample(in);
        assertEquals(Resampler.of(from, to).outputLength(in.length), out.length);
        int margin = 200;
        double measuredHz = measuredFrequency(out, to, hz, margin);
        assertEquals(hz, measuredHz, 0.01, "frequency");
        double measuredAmplitude = fittedAmplitude(out, to, hz, margin);
        assertEquals(amplitude, measuredAmplitude, amplitude * 1e-4, "amplitude");
    }

    @ParameterizedTest
    @CsvSource({"22100", "22500", "23000", "23900"})
    void toneAboveTheOutputNyquistIsAttenuatedWhenDownsampling(double hz) {
        float[] in = sine(48000, hz, 1.0, 0.0, 48000);
        float[] out = Resampler.of(48000, 44100).resample(in);
        double db = 20 * Math.log10(rms(out, 200) / rms(in, 0));
        assertTrue(db <= -90, () -> hz + " Hz attenuated by only " + (-db) + " dB");
    }

    @Test
    void upsamplingLeavesNoImageAboveTheInputNyquist() {
        float[] in = sine(22050, 5000, 1.0, 0.0, 22050);
        float[] out = Resampler.of(22050, 44100).resample(in);
        // The image of 5 kHz would sit at 17.05 kHz: its amplitude must be 90 dB below the tone.
        double image = windowedAmplitude(out, 44100, 22050 - 5000, 200);
        double tone = windowedAmplitude(out, 44100, 5000, 200);
        assertTrue(20 * Math.log10(image / tone) <= -90, "image at " + 20 * Math.log10(image / tone) + " dB");
    }

    @Test
    void constantSignalKeepsUnitGainOnEveryPhase() {
        float[] ones = new float[20000];
        java.util.Arrays.fill(ones, 1f);
        for (int[] rates : new int[][] {{48000, 44100}, {22050, 44100}, {44100, 16000}}) {
            float[] out = Resampler.of(rates[0], rates[1]).resample(ones);
            for (int n = 200; n < out.length - 200; n++) {
                assertEquals(1.0, out[n], 1e-5, rates[0] + " -> " + rates[1] + " at " + n);
            }
        }
    }

    @Test
    void lengthsTapsAndIdentity() {
        assertEquals(44100, Resampler.of(48000, 44100).outputLength(48000));
        assertEquals(3, Resampler.of(48000, 44100).outputLength(3));
        assertEquals(0, Resampler.of(48000, 44100).resample(new float[0]).length);
        assertEquals(72, Resampler.of(22050, 44100).taps());
        assertEquals(78, Resampler.of(48000, 44100).taps());
        DecodedAudio a = new DecodedAudio(new float[] {1, 2}, 44100, 1, 16, false);
        assertSame(a, Resampler.resample(a, 44100));
        DecodedAudio r = Resampler.resample(a, 22050);
        assertEquals(22050, r.samplingRate());
        assertEquals(1, r.samples().length);
    }

    @Test
    void manyPhaseRatiosComputeCoefficientsOnTheFlyWithTheSameResult() {
        // 44100 -> 44099 has 44099 phases, beyond the table limit; 1 kHz must still come out right.
        float[] in = sine(44100, 1000, 0.5, 0.1, 44100 / 4);
        float[] out = Resampler.of(44100, 44099).resample(in);
        assertEquals(1000, measuredFrequency(out, 44099, 1000, 200), 0.01);
        assertEquals(0.5, fittedAmplitude(out, 44099, 1000, 200), 0.5e-4);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(InvalidInputException.class, () -> Resampler.of(0, 44100));
        assertThrows(InvalidInputException.class, () -> Resampler.of(44100, -1));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Resampler.of(48000, 44100).resample(new float[] {0, Float.NaN}));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Resampler.of(48000, 44100).resample(null));
    }

    static float[] sine(int rate, double hz, double amplitude, double phase, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate + phase));
        }
        return x;
    }

    /**
     * Frequency of a sine near {@code nominalHz}: the nominal value plus the drift of the least-squares phase
     * between the first and the second half of the interior (precise to well below 1e-3 Hz).
     */
    static double measuredFrequency(float[] y, int rate, double nominalHz, int margin) {
        int mid = y.length / 2;
        double[] first = fit(y, rate, nominalHz, margin, mid);
        double[] second = fit(y, rate, nominalHz, mid, y.length - margin);
        double drift = Math.atan2(second[1], second[0]) - Math.atan2(first[1], first[0]);
        drift = Math.IEEEremainder(drift, 2 * Math.PI);
        double seconds = ((mid + y.length - margin) / 2.0 - (margin + mid) / 2.0) / rate;
        return nominalHz - drift / (2 * Math.PI * seconds);
    }

    /** Least-squares amplitude of a sine of known frequency over the interior. */
    static double fittedAmplitude(float[] y, int rate, double hz, int margin) {
        double[] ab = fit(y, rate, hz, margin, y.length - margin);
        return Math.hypot(ab[0], ab[1]);
    }

    /**
     * Amplitude of a weak component next to a strong one: a Hann-weighted least-squares fit, whose leakage
     * from a tone kHz away is far below -100 dB (an unweighted fit leaks about -90 dB).
     */
    static double windowedAmplitude(float[] y, int rate, double hz, int margin) {
        double[] ab = fit(y, rate, hz, margin, y.length - margin, true);
        return Math.hypot(ab[0], ab[1]);
    }

    /** Least-squares {a, b} of y ~ a sin(w i) + b cos(w i) over [from, to). */
    static double[] fit(float[] y, int rate, double hz, int from, int to) {
        return fit(y, rate, hz, from, to, false);
    }

    static double[] fit(float[] y, int rate, double hz, int from, int to, boolean hann) {
        double ss = 0;
        double sc = 0;
        double cc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * hz * i / rate;
            double s = Math.sin(w);
            double c = Math.cos(w);
            double weight = hann ? 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (to - from)) : 1.0;
            ss += weight * s * s;
            sc += weight * s * c;
            cc += weight * c * c;
            ys += weight * y[i] * s;
            yc += weight * y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return new double[] {a, b};
    }

    static double rms(float[] y, int margin) {
        double sum = 0;
        int n = 0;
        for (int i = margin; i < y.length - margin; i++) {
            sum += (double) y[i] * y[i];
            n++;
        }
        return Math.sqrt(sum / n);
    }
}
