package ai.tvlt.examples.benchmarks;

import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.TvltFeatureExtractor;
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
 * Audio feature extraction of one 10 s, 44.1 kHz clip with the default {@link TvltFeatureExtractor}
 * (862 STFT frames of 2048 samples, 861 kept, 128 mel bins): the reference takes 29-47 ms on the project
 * machine (SPEC 5). Single-threaded.
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar FeatureExtraction -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FeatureExtractionBenchmark {

    private TvltFeatureExtractor extractor;
    private float[] clip;

    /** Builds the extractor and a speech-like 10 s clip (chirps under a 4 Hz envelope plus noise). */
    @Setup
    public void setUp() {
        extractor = TvltFeatureExtractor.defaults();
        int rate = 44100;
        clip = new float[10 * rate];
        Random random = new Random(0);
        for (int i = 0; i < clip.length; i++) {
            double t = (double) i / rate;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double chirp = Math.sin(2 * Math.PI * (200 + 300 * (t % 2.5)) * t);
            clip[i] = (float) (0.3 * envelope * chirp + 0.01 * random.nextGaussian());
        }
    }

    /** @return the features of the 10 s clip */
    @Benchmark
    public AudioFeatures extract10Seconds() {
        return extractor.extract(clip, 44100);
    }
}
