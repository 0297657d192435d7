package ai.tvlt.examples.benchmarks;

import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.audio.TvltFeatureExtractor;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a video file's whole soundtrack ({@link AudioDecoder#read}: MP4 demuxing and AAC decoding to mono),
 * next to its peers in one run: feature extraction of the same clip (the reference's preprocessing figure is
 * for that step) and sampling 8 frames of the video ({@link VideoDecoder#sampleFrames}). Single-threaded.
 *
 * <p>The clip is not committed (about 1 MB); make it with ffmpeg:
 * <pre>
 * ffmpeg -f lavfi -i testsrc=size=480x360:rate=30:duration=10 -f lavfi -i "sine=f=440:d=10" \
 *   -c:v libx264 -pix_fmt yuv420p -c:a aac -ac 2 -ar 44100 /tmp/clip10s.mp4
 * java -jar examples/benchmarks/target/benchmarks.jar SoundtrackDecoding -p file=/tmp/clip10s.mp4 -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SoundtrackDecodingBenchmark {

    /** The MP4 file (H.264 + AAC). */
    @Param("/tmp/clip10s.mp4")
    public String file;

    private Path path;
    private DecodedAudio atRate;
    private TvltFeatureExtractor extractor;

    /** Decodes once to have the clip for the feature-extraction peer. */
    @Setup
    public void setUp() {
        path = Path.of(file);
        extractor = TvltFeatureExtractor.defaults();
        atRate = Resampler.resample(AudioDecoder.read(path), extractor.samplingRate());
    }

    /** @return the whole soundtrack, decoded to mono at the stream's rate */
    @Benchmark
    public DecodedAudio decodeSoundtrack() {
        return AudioDecoder.read(path);
    }

    /** @return the features of the decoded soundtrack (the step the reference's figure measures) */
    @Benchmark
    public AudioFeatures extractFeatures() {
        return extractor.extract(atRate);
    }

    /** @return 8 frames sampled uniformly over the video */
    @Benchmark
    public List<RgbImage> sampleEightFrames() {
        return VideoDecoder.defaults().sampleFrames(path, 8);
    }
}
