package ai.tvlt.examples.benchmarks;

import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.image.TvltImageProcessor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * TvltImageProcessor with the default settings (shortest edge 224, bilinear, crop 224, rescale, normalise) on a
 * video of 8 frames of 480x360, to {@code pixel_values [1, 8, 3, 224, 224]} and {@code pixel_mask}. The
 * reference (transformers + Pillow 9.4 + numpy) takes 31-35 ms on the project machine (SPEC 5).
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar ImagePreprocessing -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ImagePreprocessingBenchmark {

    private static final int FRAMES = 8;
    private static final int WIDTH = 480;
    private static final int HEIGHT = 360;

    /** Whether the 8 frames are processed in parallel (the library default) or on the calling thread only. */
    @Param({"true", "false"})
    public boolean parallelFrames;

    private TvltImageProcessor processor;
    private List<RgbImage> video;
    private List<BufferedImage> bufferedVideo;

    /** Builds 8 smooth pseudo-photographic frames (gradients plus noise, fixed seed). */
    @Setup
    public void setUp() {
        processor = TvltImageProcessor.defaults().withParallelFrames(parallelFrames);
        Random random = new Random(42);
        video = new ArrayList<>();
        bufferedVideo = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] rgb = new byte[HEIGHT * WIDTH * 3];
            for (int y = 0, p = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    for (int c = 0; c < 3; c++, p++) {
                        rgb[p] = (byte) ((x * (c + 1) + y * 2 + f * 7 + random.nextInt(24)) & 0xFF);
                    }
                }
            }
            RgbImage frame = RgbImage.of(rgb, HEIGHT, WIDTH);
            video.add(frame);
            bufferedVideo.add(frame.toBufferedImage());
        }
    }

    /** @return the processed video: 8 RGB frames to pixel_values and pixel_mask */
    @Benchmark
    public PixelInputs eightFrames480x360() {
        return processor.preprocessVideo(video);
    }

    /** @return the same from decoded {@link BufferedImage}s, conversion to RGB included */
    @Benchmark
    public PixelInputs eightBufferedImages480x360() {
        List<RgbImage> frames = new ArrayList<>(FRAMES);
        for (BufferedImage image : bufferedVideo) {
            frames.add(RgbImage.fromBufferedImage(image));
        }
        return processor.preprocessVideo(frames);
    }
}
