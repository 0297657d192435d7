package ai.tvlt.processing.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.image.RgbImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Decoding of an x264-encoded MP4 made by ffmpeg ({@code fixtures/make_fixtures.sh}: High profile, CABAC,
 * B-frames, one keyframe, with an AAC soundtrack) against ffmpeg's own decode of the sampled frames.
 */
class VideoFixtureTest {

    /** The 8 frames uniform sampling takes from the fixture's 50. */
    static final int[] SAMPLED = {0, 6, 12, 18, 25, 31, 37, 43};

    static Path fixture(String name) {
        try {
            return Path.of(VideoFixtureTest.class.getResource("fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mean and largest absolute difference of two images of one size, over every sample. */
    static double[] difference(RgbImage a, RgbImage b) {
        assertEquals(a.height(), b.height());
        assertEquals(a.width(), b.width());
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        long sum = 0;
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            int d = Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {(double) sum / x.length, max};
    }

    static RgbImage ffmpegFrame(int index) throws IOException {
        return RgbImage.fromBufferedImage(ImageIO.read(fixture("clip_frame_" + index + ".png").toFile()));
    }

    @Test
    void probeReadsTheFixture() {
        VideoInfo info = VideoDecoder.defaults().probe(fixture("clip.mp4"));
        assertEquals(50, info.frameCount());
        assertEquals(160, info.width());
        assertEquals(120, info.height());
        assertArrayEquals(SAMPLED, FrameSampler.uniformIndices(info.frameCount(), 8));
    }

    @Test
    void sampledFramesMatchFfmpegsDecode() throws IOException {
        List<RgbImage> frames = VideoDecoder.defaults().sampleFrames(fixture("clip.mp4"), 8);
        assertEquals(8, frames.size());
        for (int i = 0; i < SAMPLED.length; i++) {
            // the same decoded picture; JCodec's and swscale's YUV-to-RGB conversions differ by a few levels
            double[] d = difference(frames.get(i), ffmpegFrame(SAMPLED[i]));
            assertTrue(d[0] <= 1.0 && d[1] <= 4, "frame " + SAMPLED[i] + ": mean " + d[0] + ", max " + d[1]);
            // while a neighbouring sample (6 or 7 frames away, in the moving pattern) is far off
            double[] other = difference(frames.get(i), ffmpegFrame(SAMPLED[(i + 1) % SAMPLED.length]));
            assertTrue(other[0] > 5, "frame " + SAMPLED[i] + " is distinguishable: " + other[0]);
        }
    }
}
