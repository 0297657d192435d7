package ai.tvlt.processing.image;

import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.testing.GoldenFiles;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coverage-guided fuzz target (Jazzer) for image decoding: the bytes are written to a file and decoded by
 * {@link ImageDecoder} (ImageIO with the JDK's and TwelveMonkeys' readers: PNG, JPEG, GIF, BMP, TIFF, WebP,
 * ...), then preprocessed by a small {@link TvltImageProcessor}. Whatever the bytes, only
 * {@link InvalidInputException} or {@link CorruptFileException} escape, each naming the file: a plugin's
 * {@code IIOException} or arbitrary {@code RuntimeException} on garbage must be wrapped, and a header that
 * declares more pixels than the decoder's limit must be refused before the pixels are allocated (the limit
 * here is 2^20 pixels, so a run never holds more than a few MB per image). A decoded image has the size its
 * pixels say, and preprocessing gives the configured shape.
 *
 * <p>Replays its seeds ({@code ImageDecoderFuzzTestInputs/imageFile/}, tiny images of every installed
 * format written by {@link ImageSeeds}) in a normal {@code mvn test}; fuzzes with {@code -Pfuzz} (see
 * {@code .ci/fuzz}, which also copies the golden media images into the generated corpus).
 */
class ImageDecoderFuzzTest {

    private static final long MAX_PIXELS = 1 << 20;
    private static final ImageDecoder DECODER = ImageDecoder.withMaxPixels(MAX_PIXELS);
    private static final TvltImageProcessor PROCESSOR = TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder()
            .size(SizeDict.ofShortestEdge(32)).cropSize(SizeDict.ofHeightWidth(32, 32)).patchSize(16, 16).numFrames(1)
            .build()).withParallelFrames(false);

    private static Path scratchDir;

    @BeforeAll
    static void createScratch() throws IOException {
        scratchDir = Files.createTempDirectory("tvlt-image-fuzz");
    }

    @AfterAll
    static void deleteScratch() throws IOException {
        try (Stream<Path> s = Files.walk(scratchDir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void imageFile(byte[] data) throws IOException {
        Path file = Files.write(scratchDir.resolve("fuzz.img"), data);
        RgbImage image;
        try {
            image = DECODER.decode(file);
        } catch (InvalidInputException | CorruptFileException e) {
            assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
            return;
        }
        assertTrue((long) image.height() * image.width() <= MAX_PIXELS, image.toString());
        assertEquals(3L * image.height() * image.width(), image.rgb().length, image.toString());
        PixelInputs inputs = PROCESSOR.preprocess(image);
        assertArrayEquals(new long[] {1, 1, 3, 32, 32}, inputs.pixelValues().shape(), image.toString());
    }

    /** The golden media images (28 kB each, too large for useful seeds) pass the target too. */
    @ParameterizedTest
    @ValueSource(strings = {"image_320x240_q90.jpg", "video_frame_0.png"})
    void goldenImagesPassTheTarget(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(GoldenFiles.resolve("processing/media/" + name));
        imageFile(bytes);
        imageFile(java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
}
