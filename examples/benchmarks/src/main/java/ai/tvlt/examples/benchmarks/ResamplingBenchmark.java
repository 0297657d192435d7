package ai.tvlt.examples.benchmarks;

import ai.tvlt.processing.audio.Resampler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Resampler}: a 10 s clip from 48 kHz to 44.1 kHz (78 taps per output sample) and from 22.05 kHz
 * to 44.1 kHz (72 taps). Single-threaded.
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar Resampling -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ResamplingBenchmark {

    private Resampler down;
    private Resampler up;
    private float[] clip48k;
    private float[] clip22k;

    /** Builds the resamplers and 10 s noise clips. */
    @Setup
    public void setUp() {
        down = Resampler.of(48000, 44100);
        up = Resampler.of(22050, 44100);
        Random random = new Random(0);
        clip48k = new float[10 * 48000];
        clip22k = new float[10 * 22050];
        for (int i = 0; i < clip48k.length; i++) {
            clip48k[i] = (float) (0.1 * random.nextGaussian());
        }
        for (int i = 0; i < clip22k.length; i++) {
            clip22k[i] = (float) (0.1 * random.nextGaussian());
        }
    }

    /** @return 10 s resampled from 48 kHz to 44.1 kHz */
    @Benchmark
    public float[] from48kTo44k() {
        return down.resample(clip48k);
    }

    /** @return 10 s resampled from 22.05 kHz to 44.1 kHz */
    @Benchmark
    public float[] from22kTo44k() {
        return up.resample(clip22k);
    }
}
