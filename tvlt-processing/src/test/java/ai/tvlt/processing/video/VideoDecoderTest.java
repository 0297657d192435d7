package ai.tvlt.processing.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.image.TvltImageProcessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video decoding with JCodec on small H.264 MP4 clips generated here (no media committed): frame i of a clip
 * is a flat grey of level {@link #level(int)} with a white square whose position also encodes i, so the
 * frame that was decoded can be identified despite lossy coding.
 */
class VideoDecoderTest {

    @TempDir
    static Path dir;

    private static Path clip20;
    /** Mean level of every frame of clip20, decoded in one sequential pass without seeking. */
    private static int[] sequentialLevels;

    static int level(int frame) {
        return 20 + 10 * frame;
    }

    static Path writeClip(Path file, int frames, int width, int height) throws IOException {
        AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 25);
        for (int i = 0; i < frames; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = level(i);
                    image.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            encoder.encodeImage(image);
        }
        encoder.finish();
        return file;
    }

    @BeforeAll
    static void makeClips() throws IOException {
        clip20 = writeClip(dir.resolve("clip20.mp4"), 20, 64, 48);
        int[] all = new int[20];
        for (int i = 0; i < 20; i++) {
            all[i] = i;
        }
        sequentialLevels = VideoDecoder.defaults().decodeFrames(clip20, all).stream()
                .mapToInt(VideoDecoderTest::meanLevel).toArray();
        for (int i = 1; i < 20; i++) {
            assertTrue(sequentialLevels[i] >= sequentialLevels[i - 1] + 5, "frames are distinguishable: "
                    + Arrays.toString(sequentialLevels));
        }
        // mid-grey decodes to mid-grey (studio-range BT.601 decoding; JCodec's encoder shifts levels slightly)
        assertEquals(level(10), sequentialLevels[10], 8);
    }

    private static int meanLevel(RgbImage frame) {
        long sum = 0;
        byte[] rgb = frame.rgb();
        for (byte b : rgb) {
            sum += b & 0xFF;
        }
        return (int) Math.round((double) sum / rgb.length);
    }

    /**
     * Identifies a decoded frame by its grey level among the levels of all frames decoded one after the other
     * (JCodec's own encoder does not map RGB levels to video levels linearly, so the absolute level is not used).
     */
    private static int frameIndexOf(RgbImage frame) {
        int mean = meanLevel(frame);
        int best = 0;
        for (int i = 1; i < sequentialLevels.length; i++) {
            if (Math.abs(sequentialLevels[i] - mean) < Math.abs(sequentialLevels[best] - mean)) {
                best = i;
            }
        }
        assertTrue(Math.abs(sequentialLevels[best] - mean) <= 1, "level " + mean + " matches frame " + best);
        return best;
    }

    @Test
    void probeReadsTheContainer() {
        VideoInfo info = VideoDecoder.defaults().probe(clip20);
        assertEquals(20, info.frameCount());
        assertEquals(64, info.width());
        assertEquals(48, info.height());
        assertEquals("H264", info.codec());
        assertEquals(0.8, info.durationSeconds(), 1e-6);
    }

    @Test
    void samplesEightFramesUniformly() {
        List<RgbImage> frames = VideoDecoder.defaults().sampleFrames(clip20, 8);
        assertEquals(8, frames.size());
        int[] decoded = frames.stream().mapToInt(VideoDecoderTest::frameIndexOf).toArray();
        assertArrayEquals(new int[] {0, 2, 5, 7, 10, 12, 15, 17}, decoded);
        assertArrayEquals(FrameSampler.uniformIndices(20, 8), decoded);
        assertEquals(48, frames.get(0).height());
        assertEquals(64, frames.get(0).width());
    }

    @Test
    void shortClipGivesAllFramesAndOddSizesAreCropped() throws IOException {
        Path clip = writeClip(dir.resolve("short.mp4"), 5, 50, 30);
        List<RgbImage> frames = VideoDecoder.defaults().sampleFrames(clip, 8);
        assertEquals(5, frames.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(sequentialLevels[i], meanLevel(frames.get(i)), 1, "frame " + i);
        }
        assertEquals(30, frames.get(0).height());
        assertEquals(50, frames.get(0).width());
    }

    @Test
    void seeksBackwardsAndFarForward() {
        List<RgbImage> frames = VideoDecoder.defaults().decodeFrames(clip20, 1, 19);
        assertEquals(List.of(1, 19), frames.stream().map(VideoDecoderTest::frameIndexOf).toList());
        List<RgbImage> again = VideoDecoder.defaults().decodeFrames(clip20, 0, 3, 4);
        assertEquals(List.of(0, 3, 4), again.stream().map(VideoDecoderTest::frameIndexOf).toList());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VideoDecoder.defaults().decodeFrames(clip20, 3, 3));
        assertTrue(e.getMessage().contains("increase strictly"));
        assertThrows(InvalidInputException.class, () -> VideoDecoder.defaults().decodeFrames(clip20, 20));
    }

    @Test
    void uniformIndicesFollowTheFloorRule() {
        assertArrayEquals(new int[] {0, 1, 2}, FrameSampler.uniformIndices(3, 8));
        assertArrayEquals(new int[] {0, 12, 25, 37, 50, 62, 75, 87}, FrameSampler.uniformIndices(100, 8));
        for (int n = 1; n < 300; n++) {
            int[] idx = FrameSampler.uniformIndices(n, 8);
            assertEquals(Math.min(n, 8), idx.length);
            for (int i = 0; i < idx.length; i++) {
                assertEquals((long) i * n / idx.length, idx[i]);
                assertTrue(i == 0 || idx[i] > idx[i - 1]);
            }
        }
        assertThrows(InvalidInputException.class, () -> FrameSampler.uniformIndices(0, 8));
    }

    private static void assertFails(Class<? extends TvltException> type, Path file, String... parts) {
        TvltException e = assertThrows(type, () -> VideoDecoder.defaults().sampleFrames(file, 8));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void unsupportedDamagedAndMissingFilesAreRejected() throws IOException {
        Path noise = dir.resolve("noise.mp4");
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        Files.write(noise, bytes);
        assertFails(InvalidInputException.class, noise, "H.264");

        Path truncated = dir.resolve("truncated.mp4");
        byte[] mp4 = Files.readAllBytes(clip20);
        Files.write(truncated, Arrays.copyOf(mp4, mp4.length / 3));
        assertFails(TvltException.class, truncated);

        assertFails(InvalidInputException.class, dir.resolve("absent.mp4"), "does not exist");
    }

    @Test
    void loaderHandlesVideoFilesImageFilesAndFolders() throws IOException {
        VideoLoader loader = VideoLoader.defaults();
        assertEquals(8, loader.load(clip20, 8).size());

        RgbImage still = RgbImage.black(12, 20);
        Path png = dir.resolve("still.png");
        ImageIO.write(still.toBufferedImage(), "png", png.toFile());
        assertEquals(List.of(still), loader.load(png, 8));

        Path folder = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 20; i++) {
            byte[] rgb = new byte[4 * 4 * 3];
            rgb[0] = (byte) i;
            RgbImage frame = RgbImage.of(rgb, 4, 4);
            ImageIO.write(frame.toBufferedImage(), "png", folder.resolve("f" + i + ".png").toFile());
        }
        // a longer folder is sampled with the indices a 20-frame video file gets (natural order: f2 before f10)
        int[] sampled = loader.load(folder, 8).stream().mapToInt(f -> f.get(0, 0, 0)).toArray();
        assertArrayEquals(FrameSampler.uniformIndices(20, 8), sampled);
        assertArrayEquals(new int[] {0, 2, 5, 7, 10, 12, 15, 17}, sampled);
        assertEquals(20, loader.load(folder, 32).size());
    }

    @Test
    void decodedVideoGoesThroughTheProcessor() {
        List<RgbImage> frames = VideoLoader.defaults().load(clip20, 8);
        PixelInputs out = TvltImageProcessor.defaults().preprocessVideo(frames);
        assertArrayEquals(new long[] {1, 8, 3, 224, 224}, out.pixelValues().shape());
        assertArrayEquals(new long[] {1, 8 * 196}, out.pixelMask().shape());
        // frame 0 is flat: its decoded level, rescaled and normalised, everywhere in the first frame
        int decoded = frames.get(0).get(0, 0, 0);
        float expected = (float) (decoded * (1 / 255.0));
        expected = (expected - 0.5f) / 0.5f;
        for (int i = 0; i < 3 * 224 * 224; i++) {
            assertEquals(expected, out.pixelValues().get(i), 2f / 255f + 1e-6f, "value " + i + " (one level of codec noise)");
        }
    }
}
