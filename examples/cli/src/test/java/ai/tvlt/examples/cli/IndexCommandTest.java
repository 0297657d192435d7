package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.index.ClipIndex;
import ai.tvlt.examples.cli.index.IndexedModel;
import ai.tvlt.examples.cli.index.Neighbour;
import ai.tvlt.examples.cli.index.Thumbnails;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipFolders;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.testing.GoldenFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt index} and {@link ClipIndex} on seven small clips (six generated clip folders and an ffmpeg-made
 * MP4) with the golden tiny checkpoint. The expected neighbours are computed here by brute force: the cosine
 * of every pair of vectors that {@link TvltEmbedder} gives for the same clips.
 */
class IndexCommandTest {

    private static final Path CHECKPOINT = IndexedClips.CHECKPOINT;

    private static Path clips;
    private static Path index;
    private static final Map<String, float[]> VECTORS = new LinkedHashMap<>();

    @BeforeAll
    static void buildIndex() {
        IndexedClips built = IndexedClips.get();
        clips = built.clips();
        index = built.index();
        assertTrue(built.indexRun().err().contains("7 clips indexed in " + index), built.indexRun().err());
        List<ClipSource> sources = ClipFolders.list(clips).stream().map(ClipSource::of).toList();
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT, EmbedderOptions.defaults())) {
            for (ClipEmbedding result : embedder.embed(sources)) {
                VECTORS.put(result.id(), ((ClipEmbedding.Success) result).vector());
            }
        }
    }

    @Test
    void nearestClipsAreTheBruteForceCosineRanking() {
        try (ClipIndex opened = ClipIndex.open(index)) {
            assertEquals(7, opened.size());
            for (Map.Entry<String, float[]> query : VECTORS.entrySet()) {
                List<String> expected = bruteForce(query.getValue());
                List<Neighbour> found = opened.nearest(query.getValue(), 4);
                assertEquals(expected.subList(0, 4), found.stream().map(Neighbour::id).toList(), query.getKey());
                assertEquals(query.getKey(), found.get(0).id());
                for (Neighbour n : found) {
                    assertEquals(cosine(query.getValue(), VECTORS.get(n.id())), n.cosine(), 1e-5, n.id());
                }
                assertEquals(7, opened.nearest(query.getValue(), 50).size());
            }
        }
    }

    @Test
    void vectorsAndThumbnailsComeBackById() throws IOException {
        try (ClipIndex opened = ClipIndex.open(index)) {
            for (Map.Entry<String, float[]> clip : VECTORS.entrySet()) {
                assertArrayEquals(clip.getValue(), opened.vectorOf(clip.getKey()).orElseThrow(), clip.getKey());
            }
            assertTrue(opened.vectorOf("nope").isEmpty());
            assertTrue(opened.thumbnail("nope").isEmpty());
            // the middle of the 4 frames the model sees, at its size (64x48 fits the thumbnail size)
            BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(opened.thumbnail("clip3").orElseThrow()));
            BufferedImage frame = ImageIO.read(clips.resolve("clip3/frames/f2.png").toFile());
            assertEquals(64, thumbnail.getWidth());
            assertEquals(48, thumbnail.getHeight());
            assertTrue(meanAbsoluteDifference(thumbnail, frame) < 8, "thumbnail differs from frame f2");
            assertTrue(meanAbsoluteDifference(thumbnail, ImageIO.read(clips.resolve("clip3/frames/f0.png").toFile()))
                    > meanAbsoluteDifference(thumbnail, frame), "thumbnail closer to f0 than to the middle frame");
            assertEquals(new ClipSource("clip3", clips.resolve("clip3/frames").toAbsolutePath(),
                    clips.resolve("clip3/audio.wav").toAbsolutePath()), opened.media("clip3").orElseThrow());
            assertEquals(clips.resolve("stereo.mp4").toAbsolutePath(), opened.media("stereo").orElseThrow().audio());
            BufferedImage video = ImageIO.read(new ByteArrayInputStream(opened.thumbnail("stereo").orElseThrow()));
            assertTrue(Math.max(video.getWidth(), video.getHeight()) <= Thumbnails.MAX_SIDE);
        }
    }

    @Test
    void theIndexNamesItsModelAndRefusesAnother() {
        try (ClipIndex opened = ClipIndex.open(index)) {
            IndexedModel same = IndexedModel.of("copy", CHECKPOINT, Pooling.CLS, 32);
            opened.model().requireSameAs(same, index);
            assertEquals(Pooling.CLS, opened.model().pooling());
            assertEquals(32, opened.model().dimension());
            assertEquals(CHECKPOINT.toString(), opened.model().name());
            Path other = GoldenFiles.resolve("models/tiny-classification");
            InvalidInputException differentWeights = assertThrows(InvalidInputException.class,
                    () -> opened.model().requireSameAs(IndexedModel.of(other.toString(), other, Pooling.CLS, 32), index));
            assertTrue(differentWeights.getMessage().contains("was built with " + CHECKPOINT)
                    && differentWeights.getMessage().contains("the model " + other), differentWeights.getMessage());
            assertThrows(InvalidInputException.class,
                    () -> opened.model().requireSameAs(IndexedModel.of("m", CHECKPOINT, Pooling.MEAN, 32), index));
            InvalidInputException wrongSize = assertThrows(InvalidInputException.class,
                    () -> opened.nearest(new float[64], 3));
            assertTrue(wrongSize.getMessage().contains("size 64") && wrongSize.getMessage().contains("size 32"),
                    wrongSize.getMessage());
            assertThrows(InvalidInputException.class, () -> opened.nearest(VECTORS.get("clip0"), 0));
        }
    }

    @Test
    void missingEmptyAndDamagedIndexesAreNamed(@TempDir Path dir) throws IOException {
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> ClipIndex.open(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        InvalidInputException empty = assertThrows(InvalidInputException.class, () -> ClipIndex.open(dir));
        assertTrue(empty.getMessage().contains("holds no index"), empty.getMessage());

        Path damaged = dir.resolve("damaged");
        copyFolder(index, damaged);
        Path biggest;
        try (Stream<Path> files = Files.list(damaged)) {
            biggest = files.max(Comparator.comparingLong(IndexCommandTest::size)).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(biggest);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(biggest, bytes);
        CorruptFileException flipped = assertThrows(CorruptFileException.class, () -> ClipIndex.open(damaged));
        assertDamagedMessage(flipped.getMessage(), damaged);

        Files.write(biggest, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertDamagedMessage(assertThrows(CorruptFileException.class, () -> ClipIndex.open(damaged)).getMessage(),
                damaged);

        CliRun run = CliRun.tvlt("index", clips.toString(), "--model", CHECKPOINT.toString(), "--out", index.toString());
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("already holds an index; add --force"), run.err());
    }

    @Test
    void aBrokenClipIsLeftOutAndTheOthersIndexed(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("clips");
        new SampleMedia(4, 1.0, 64, 48).generate(folder, 2);
        Files.write(folder.resolve("broken.mp4"), new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 1, 2, 3});
        Path out = dir.resolve("idx");
        CliRun run = CliRun.tvlt("index", folder.toString(), "--model", CHECKPOINT.toString(), "--out", out.toString(),
                "--no-progress");
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.err().contains("tvlt: error: clip 'broken': "), run.err());
        assertTrue(run.err().contains("1 of 3 clips failed"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        try (ClipIndex opened = ClipIndex.open(out)) {
            assertEquals(2, opened.size());
            assertTrue(opened.vectorOf("broken").isEmpty());
        }
    }

    private static void assertDamagedMessage(String message, Path folder) {
        assertTrue(message.startsWith("index " + folder + " is damaged"), message);
        assertTrue(message.endsWith("rebuild it with 'tvlt index'"), message);
        assertFalse(message.contains("Exception"), message);
    }

    private static List<String> bruteForce(float[] query) {
        List<String> ids = new ArrayList<>(VECTORS.keySet());
        ids.sort(Comparator.comparingDouble((String id) -> -cosine(query, VECTORS.get(id))));
        return ids;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
