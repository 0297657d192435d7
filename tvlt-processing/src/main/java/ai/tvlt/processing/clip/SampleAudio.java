package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A short synthetic, speech-like sound: "syllables" of a voiced harmonic tone whose pitch glides and
 * whose two formant peaks change from syllable to syllable, separated by short pauses, over a quiet
 * frequency sweep. Every clip id gives its own pitch, rhythm, vowels and sweep, always the same for
 * the same id, so the examples and tests need no downloaded audio.
 *
 * <p>Immutable and thread-safe.
 */
public final class SampleAudio {

    /** Sampling rate of the sample clips, the feature extractor's default (SPEC section 6). */
    public static final int SAMPLING_RATE = 44_100;

    private static final double PEAK = 0.6;
    private static final double HIGHEST_HARMONIC_HZ = 5000;

    private final int clipId;
    private final double pitchHz;
    private final double sweepStartHz;
    private final double sweepEndHz;
    private final long rhythmSeed;

    /** One voiced stretch: its time span, pitch movement and two formant frequencies. */
    private record Syllable(double start, double end, double pitchGlide, double formant1, double formant2) {
    }

    /**
     * @param clipId which clip (any integer; the same id always gives the same sound)
     */
    public SampleAudio(int clipId) {
        this.clipId = clipId;
        SplittableRandom random = new SplittableRandom(0x5EED_A0D1L * (clipId + 1L));
        this.pitchHz = 95 + 130 * random.nextDouble();
        this.sweepStartHz = 300 + 1500 * random.nextDouble();
        this.sweepEndHz = 300 + 3000 * random.nextDouble();
        this.rhythmSeed = random.nextLong();
    }

    /** @return the clip id */
    public int clipId() {
        return clipId;
    }

    /**
     * Synthesises the clip.
     *
     * @param seconds duration, more than 0 and at most 600
     * @param samplingRate samples per second, at least 8000
     * @return mono samples in [-1, 1] (peak {@value #PEAK})
     */
    public float[] samples(double seconds, int samplingRate) {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new InvalidInputException("sample audio duration must be in (0, 600] seconds, got " + seconds);
        }
        if (samplingRate < 8000) {
            throw new InvalidInputException("sampling rate must be at least 8000 Hz, got " + samplingRate);
        }
        int n = (int) Math.round(seconds * samplingRate);
        double[] signal = new double[n];
        addVoice(signal, samplingRate, syllables(seconds));
        addSweep(signal, samplingRate, seconds);
        return normalised(signal);
    }

    /**
     * Writes the clip as a 16-bit PCM mono WAV file at {@value #SAMPLING_RATE} Hz.
     *
     * @param file destination (its folder is created when missing)
     * @param seconds duration
     * @throws UncheckedIOException when writing fails
     */
    public void writeWav(Path file, double seconds) {
        float[] samples = samples(seconds, SAMPLING_RATE);
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            pcm.putShort((short) Math.round(s * Short.MAX_VALUE));
        }
        AudioFormat format = new AudioFormat(SAMPLING_RATE, 16, 1, true, false);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format,
                samples.length)) {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample audio " + file + ": " + e.getMessage(), e);
        }
    }

    /** Syllables of 0.12-0.32 s separated by 0.04-0.14 s pauses, filling the clip. */
    private List<Syllable> syllables(double seconds) {
        SplittableRandom random = new SplittableRandom(rhythmSeed);
        List<Syllable> out = new ArrayList<>();
        double t = 0.05 + 0.1 * random.nextDouble();
        while (t < seconds) {
            double end = Math.min(seconds, t + 0.12 + 0.2 * random.nextDouble());
            out.add(new Syllable(t, end, (random.nextDouble() - 0.5) * 0.4,
                    300 + 500 * random.nextDouble(), 900 + 1400 * random.nextDouble()));
            t = end + 0.04 + 0.1 * random.nextDouble();
        }
        return out;
    }

    private void addVoice(double[] signal, int rate, List<Syllable> syllables) {
        double phase = 0;
        int next = 0;
        for (int i = 0; i < signal.length; i++) {
            double t = (double) i / rate;
            while (next < syllables.size() && syllables.get(next).end() <= t) {
                next++;
            }
            if (next == syllables.size()) {
                break;
            }
            Syllable s = syllables.get(next);
            double position = (t - s.start()) / (s.end() - s.start());
            double f0 = pitchHz * (1 + s.pitchGlide() * position);
            phase += 2 * Math.PI * f0 / rate;
            if (position >= 0) {
                signal[i] += envelope(position) * harmonics(phase, f0, s);
            }
        }
    }

    /** A harmonic series shaped by two formant resonances and a gentle spectral tilt. */
    private static double harmonics(double phase, double f0, Syllable s) {
        double sum = 0;
        for (int k = 1; k * f0 < HIGHEST_HARMONIC_HZ; k++) {
            double f = k * f0;
            double gain = resonance(f, s.formant1(), 90) + 0.6 * resonance(f, s.formant2(), 130) + 0.05;
            sum += gain / Math.sqrt(k) * Math.sin(k * phase);
        }
        return sum;
    }

    private static double resonance(double f, double centre, double bandwidth) {
        double d = (f - centre) / bandwidth;
        return Math.exp(-0.5 * d * d);
    }

    /** A raised-sine attack and release over a syllable's span. */
    private static double envelope(double position) {
        double edge = Math.min(1, Math.min(position, 1 - position) / 0.2);
        return Math.sin(0.5 * Math.PI * edge) * Math.sin(0.5 * Math.PI * edge);
    }

    /** A quiet exponential sweep over the whole clip, distinct per clip. */
    private void addSweep(double[] signal, int rate, double seconds) {
        double ratio = Math.log(sweepEndHz / sweepStartHz);
        double scale = maxAbs(signal) > 0 ? 0.08 * maxAbs(signal) : 0.08;
        double phase = 0;
        for (int i = 0; i < signal.length; i++) {
            double f = sweepStartHz * Math.exp(ratio * i / (seconds * rate));
            phase += 2 * Math.PI * f / rate;
            signal[i] += scale * Math.sin(phase);
        }
    }

    private static float[] normalised(double[] signal) {
        double peak = maxAbs(signal);
        float[] out = new float[signal.length];
        for (int i = 0; i < signal.length; i++) {
            out[i] = (float) (peak > 0 ? signal[i] * PEAK / peak : 0);
        }
        return out;
    }

    private static double maxAbs(double[] signal) {
        double max = 0;
        for (double v : signal) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
