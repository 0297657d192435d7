package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.examples.cli.heads.GridLayout;
import ai.tvlt.examples.cli.heads.ReconstructionGrid;
import ai.tvlt.models.reconstruction.FrameDenormalizer;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.clip.SampleMedia;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tvlt reconstruct} on the tiny pre-training checkpoint (image_size 32, num_frames 4, patches 16,
 * pixel_mask_ratio 0.75, spectrogram_length 128, frequency_length 64) and a generated clip of 4 frames and
 * 2 s of audio (more than spectrogram_length time rows, so the spectrogram is spectrogram_length wide).
 */
class ReconstructCommandTest {

    @TempDir
    static Path media;

    private static SampleMedia.Clip clip;
    private static TvltConfig config;

    @BeforeAll
    static void generateClip() {
        clip = HeadsFixtures.clips(media, 1).get(0);
        config = TvltConfig.fromJson(HeadsFixtures.PRETRAINING.resolve("config.json"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void pngSizeFollowsTheGridLayoutOfTheConfig(int scale, @TempDir Path dir) throws IOException {
        Path png = dir.resolve("grid.png");
        CliRun run = reconstruct(png, "--scale", String.valueOf(scale));
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        int frames = config.numFrames();
        int size = config.imageSize() * scale;
        int expectedWidth = 2 * GridLayout.MARGIN + GridLayout.LABEL_WIDTH
                + Math.max(frames * size + (frames - 1) * GridLayout.GAP, config.spectrogramLength() * scale);
        int expectedHeight = 2 * GridLayout.MARGIN + 3 * size + 3 * config.frequencyLength() * scale + 5 * GridLayout.GAP;
        assertEquals(expectedWidth, image.getWidth());
        assertEquals(expectedHeight, image.getHeight());
        assertTrue(run.outLines().get(0).equals("wrote " + png + " (" + expectedWidth + "x" + expectedHeight + ")"),
                run.out());
    }

    @Test
    void originalRowShowsThePreprocessedFramesAndReconstructionKeepsOnlyTheVisiblePatches(@TempDir Path dir)
            throws IOException {
        Path png = dir.resolve("grid.png");
        CliRun run = reconstruct(png);
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        GridLayout layout = layout(1);
        assertTrue(variance(image) > 100, "the picture is not blank");

        assertOriginalRowIsThePreprocessedInput(image, layout);
        int patches = config.numFrames() * config.numPixelPatchesPerFrame();
        int kept = (int) (patches * (1 - config.pixelMaskRatio()));   // len_keep of the reference's random_masking
        assertTrue(run.outLines().get(1).startsWith("pixel patches dropped: " + (patches - kept) + "/" + patches
                + ", MAE loss "), run.out());
        assertEquals(kept, patchesEqualBetweenRows(image, layout, 0, 2), "visible patches copied, dropped predicted");
        assertEquals(patches - kept, greyPatchesInMaskedRow(image, layout), "dropped patches greyed");
        assertFalse(regionEquals(image, layout.contentLeft(), layout.spectrogramRowTop(0), layout.contentLeft(),
                layout.spectrogramRowTop(2), config.spectrogramLength(), config.frequencyLength()),
                "the spectrogram reconstruction differs from the original");
        String audioLine = run.outLines().get(2);   // "audio patches dropped: n/N, MAE loss x"
        int droppedAudio = Integer.parseInt(audioLine.replaceAll("audio patches dropped: (\\d+)/.*", "$1"));
        assertTrue(droppedAudio > 0, audioLine);
        assertEquals(droppedAudio, bluePatchesInMaskedSpectrogram(image, layout), "dropped audio patches marked");
        assertTrue(run.out().contains("visible patches from the original"), run.out());
    }

    @Test
    void allPredictedReplacesEveryPatch(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("grid.png");
        CliRun run = reconstruct(png, "--all-predicted");
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(0, patchesEqualBetweenRows(image, layout(1), 0, 2));
        assertTrue(run.out().contains("prediction for every patch"), run.out());
    }

    @Test
    void theSeedDecidesTheMasking(@TempDir Path dir) throws IOException {
        reconstruct(dir.resolve("a.png"), "--seed", "3");
        reconstruct(dir.resolve("b.png"), "--seed", "3");
        reconstruct(dir.resolve("c.png"), "--seed", "4");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
        BufferedImage a = ImageIO.read(dir.resolve("a.png").toFile());
        BufferedImage c = ImageIO.read(dir.resolve("c.png").toFile());
        GridLayout layout = layout(1);
        int rowWidth = layout.frameLeft(config.numFrames() - 1) + config.imageSize() - layout.contentLeft();
        assertFalse(regionEquals(a, layout.contentLeft(), layout.frameRowTop(1), c, rowWidth, config.imageSize()),
                "another seed drops other patches");
    }

    @Test
    void classificationCheckpointHasNoDecoder(@TempDir Path dir) {
        CliRun run = CliRun.tvlt("reconstruct", "--model", HeadsFixtures.CLASSIFICATION.toString(),
                "--video", clip.framesFolder().toString(), "--audio", clip.audio().toString(),
                "--out", dir.resolve("x.png").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("has no MAE decoder"), run.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void missingAudioIsOneLine(@TempDir Path dir) {
        Path absent = dir.resolve("absent.wav");
        CliRun run = CliRun.tvlt("reconstruct", "--model", HeadsFixtures.PRETRAINING.toString(),
                "--video", clip.framesFolder().toString(), "--audio", absent.toString(),
                "--out", dir.resolve("x.png").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains(absent.toString()), run.err());
    }

    @Test
    void scaleOutOfRangeIsOneLine(@TempDir Path dir) {
        CliRun run = reconstruct(dir.resolve("x.png"), "--scale", "0");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.singleErrorLine().contains("--scale"), run.err());
    }

    private static CliRun reconstruct(Path png, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("reconstruct", "--model",
                HeadsFixtures.PRETRAINING.toString(), "--video", clip.framesFolder().toString(),
                "--audio", clip.audio().toString(), "--out", png.toString()));
        args.addAll(List.of(extra));
        return CliRun.tvlt(args.toArray(String[]::new));
    }

    private static GridLayout layout(int scale) {
        return new GridLayout(config.numFrames(), config.imageSize(), config.imageSize(), config.spectrogramLength(),
                config.frequencyLength(), scale);
    }

    /** The first row holds the processor's pixel_values turned back into pixel levels. */
    private static void assertOriginalRowIsThePreprocessedInput(BufferedImage image, GridLayout layout) {
        FloatTensor pixelValues = HeadsFixtures.pixels(HeadsFixtures.PRETRAINING, clip.framesFolder()).pixelValues();
        FloatTensor levels = FrameDenormalizer.of(TvltProcessor.fromPretrained(HeadsFixtures.PRETRAINING)
                .imageProcessor().config()).denormalize(pixelValues);
        int size = config.imageSize();
        for (int t = 0; t < config.numFrames(); t++) {
            byte[] rgb = FrameDenormalizer.toInterleavedBytes(levels, 0, t);
            for (int i = 0; i < size * size; i++) {
                int expected = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
                int actual = image.getRGB(layout.frameLeft(t) + i % size, layout.frameRowTop(0) + i / size) & 0xffffff;
                assertEquals(expected, actual, "frame " + t + " pixel " + i);
            }
        }
    }

    private static int patchesEqualBetweenRows(BufferedImage image, GridLayout layout, int rowA, int rowB) {
        int patch = config.imagePatchSize()[0];
        int perSide = config.imageSize() / patch;
        int equal = 0;
        for (int t = 0; t < config.numFrames(); t++) {
            for (int p = 0; p < perSide * perSide; p++) {
                int x = layout.frameLeft(t) + (p % perSide) * patch;
                int dy = (p / perSide) * patch;
                if (regionEquals(image, x, layout.frameRowTop(rowA) + dy, x, layout.frameRowTop(rowB) + dy, patch, patch)) {
                    equal++;
                }
            }
        }
        return equal;
    }

    private static int greyPatchesInMaskedRow(BufferedImage image, GridLayout layout) {
        int patch = config.imagePatchSize()[0];
        int perSide = config.imageSize() / patch;
        int grey = ReconstructionGrid.DROPPED_FRAME_PATCH.getRGB() & 0xffffff;
        int count = 0;
        for (int t = 0; t < config.numFrames(); t++) {
            for (int p = 0; p < perSide * perSide; p++) {
                boolean all = true;
                for (int y = 0; y < patch && all; y++) {
                    for (int x = 0; x < patch && all; x++) {
                        all = (image.getRGB(layout.frameLeft(t) + (p % perSide) * patch + x,
                                layout.frameRowTop(1) + (p / perSide) * patch + y) & 0xffffff) == grey;
                    }
                }
                count += all ? 1 : 0;
            }
        }
        return count;
    }

    private static int bluePatchesInMaskedSpectrogram(BufferedImage image, GridLayout layout) {
        int[] patch = config.audioPatchSize();
        int blue = ReconstructionGrid.DROPPED_AUDIO_PATCH.getRGB() & 0xffffff;
        int count = 0;
        for (int x0 = 0; x0 + patch[0] <= config.spectrogramLength(); x0 += patch[0]) {
            for (int y0 = 0; y0 + patch[1] <= config.frequencyLength(); y0 += patch[1]) {
                boolean all = true;
                for (int y = 0; y < patch[1] && all; y++) {
                    for (int x = 0; x < patch[0] && all; x++) {
                        all = (image.getRGB(layout.contentLeft() + x0 + x, layout.spectrogramRowTop(1) + y0 + y)
                                & 0xffffff) == blue;
                    }
                }
                count += all ? 1 : 0;
            }
        }
        return count;
    }

    private static boolean regionEquals(BufferedImage image, int xa, int ya, int xb, int yb, int w, int h) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (image.getRGB(xa + x, ya + y) != image.getRGB(xb + x, yb + y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean regionEquals(BufferedImage a, int x, int y, BufferedImage b, int w, int h) {
        for (int dy = 0; dy < h; dy++) {
            for (int dx = 0; dx < w; dx++) {
                if (a.getRGB(x + dx, y + dy) != b.getRGB(x + dx, y + dy)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double variance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double v = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }
}
