package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden cases that start from media files, decoded with ImageIO + TwelveMonkeys. */
class ImageGoldenMediaTest {

    /** PNG is lossless: the decoded frames equal the reference's, so everything is exact. */
    @Test
    void pngFramesVideoEndToEndFromFiles() {
        try (GoldenCase c = GoldenImageCase.open("png_frames_video")) {
            ImageDecoder decoder = ImageDecoder.defaults();
            List<VideoFrame> frames = List.of(
                    decoder.decode(GoldenFiles.resolve("processing/media/video_frame_0.png")),
                    decoder.decode(GoldenFiles.resolve("processing/media/video_frame_1.png")));
            for (int i = 0; i < frames.size(); i++) {
                RgbImage f = (RgbImage) frames.get(i);
                c.assertClose("input.frame." + i, GoldenImageCase.unsigned(f.rgb()), GoldenImageCase.hwc(f),
                        Tolerance.EXACT);
            }
            TvltImageProcessor processor = GoldenImageCase.processor(c);
            PixelInputs out = processor.preprocessVideo(frames);
            c.assertClose("expected.pixel_values", out.pixelValues().data(), out.pixelValues().shape(),
                    Tolerance.EXACT);
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());
            TvltImageProcessorGoldenTest.assertStages(c, processor, frames);
        }
    }

    /** The same frames read as a folder (natural order) give the same result. */
    @Test
    void pngFramesVideoFromFolder(@TempDir Path dir) throws IOException {
        Files.copy(GoldenFiles.resolve("processing/media/video_frame_0.png"), dir.resolve("frame_2.png"));
        Files.copy(GoldenFiles.resolve("processing/media/video_frame_1.png"), dir.resolve("frame_10.png"));
        Files.writeString(dir.resolve("notes.txt"), "not a frame");
        try (GoldenCase c = GoldenImageCase.open("png_frames_video")) {
            List<RgbImage> frames = ImageDecoder.defaults().decodeFolder(dir);
            PixelInputs out = GoldenImageCase.processor(c).preprocessVideo(frames);
            c.assertClose("expected.pixel_values", out.pixelValues().data(), out.pixelValues().shape(),
                    Tolerance.EXACT);
        }
    }

    /**
     * JPEG decoders differ by 1..2 levels (README tolerances): decoded pixels within 2 levels of Pillow's,
     * pixel_values within abs 0.02 and mean abs 0.005, pixel_mask exact.
     */
    @Test
    void jpegQ90ImageWithinDecoderTolerance() throws IOException {
        Path jpeg = GoldenFiles.resolve("processing/media/image_320x240_q90.jpg");
        assertTrue(readerClass(jpeg).startsWith("com.twelvemonkeys."), "JPEG is read by TwelveMonkeys");
        try (GoldenCase c = GoldenImageCase.open("jpeg_q90_image")) {
            RgbImage decoded = ImageDecoder.defaults().decode(jpeg);
            assertArrayEquals(c.shape("input.image"), GoldenImageCase.hwc(decoded));
            c.assertClose("input.image", GoldenImageCase.unsigned(decoded.rgb()), GoldenImageCase.hwc(decoded),
                    Tolerance.abs(2));

            PixelInputs out = GoldenImageCase.processor(c).preprocess(decoded);
            c.assertClose("expected.pixel_values", out.pixelValues().data(), out.pixelValues().shape(),
                    Tolerance.abs(0.02));
            float[] expected = c.floats("expected.pixel_values");
            double sum = 0;
            for (int i = 0; i < expected.length; i++) {
                sum += Math.abs(expected[i] - out.pixelValues().get(i));
            }
            double meanAbs = sum / expected.length;
            assertTrue(meanAbs <= 0.005, "mean abs difference " + meanAbs);
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());

            // the pipeline itself is exact: Pillow's decode (input.image) gives the reference's values bit for bit
            PixelInputs fromReferenceDecode = GoldenImageCase.processor(c)
                    .preprocess(GoldenImageCase.frame(c, "input.image"));
            c.assertClose("expected.pixel_values", fromReferenceDecode.pixelValues().data(),
                    fromReferenceDecode.pixelValues().shape(), Tolerance.EXACT);
        }
    }

    private static String readerClass(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            String name = reader.getClass().getName();
            reader.dispose();
            return name;
        }
    }
}
