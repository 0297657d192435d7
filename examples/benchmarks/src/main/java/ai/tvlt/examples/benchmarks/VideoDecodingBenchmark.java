package ai.tvlt.examples.benchmarks;

import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoDecoder;
import java.nio.file.Files;
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
 * {@link VideoDecoder#sampleFrames}: 8 frames sampled uniformly from a video file, decoded to RGB (every reference
 * picture up to the last sampled frame is decoded; non-reference B-frames that are not sampled are skipped).
 * Single-threaded. The file is a parameter; the clip is 10 s of 480x360 H.264 (libx264 defaults) with AAC:
 * <pre>
 * ffmpeg -f lavfi -i testsrc2=size=480x360:rate=25:duration=10 -f lavfi -i sine=frequency=440:duration=10 \
 *     -c:v libx264 -pix_fmt yuv420p -c:a aac -ac 2 /tmp/bench480.mp4
 * java -jar examples/benchmarks/target/benchmarks.jar VideoDecoding -p file=/tmp/bench480.mp4 -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VideoDecodingBenchmark {

    /** The video file to decode (required: {@code -p file=...}). */
    @Param("")
    public String file;

    private Path video;

    /** Checks the file. */
    @Setup
    public void setUp() {
        video = Path.of(file);
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException("pass the video file with -p file=PATH (see the class comment), got '"
                    + file + "'");
        }
    }

    /** @return 8 uniformly sampled frames */
    @Benchmark
    public List<RgbImage> sample8Frames() {
        return VideoDecoder.defaults().sampleFrames(video, 8);
    }
}
