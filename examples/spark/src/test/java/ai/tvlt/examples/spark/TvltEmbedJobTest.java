package ai.tvlt.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.hub.HubException;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job as a user submits it ({@link SparkEmbedJob}'s command line) on Spark {@code local[2]}, on 20
 * generated clips (the CLI's {@link SampleMedia}: 4 frames of 40x32 and 1 s of audio each) and one clip
 * whose audio file is missing, with the golden tiny checkpoint (image_size 32, num_frames 4,
 * spectrogram_length 128, frequency_length 64; its processor derived from config.json). Every vector must
 * equal, bit for bit, the single-process {@code tvlt embed} vector of that clip ({@link TvltEmbedder} in
 * this JVM), and the broken clip must come out as an error row with {@code tvlt embed}'s message.
 */
class TvltEmbedJobTest {

    private static final int CLIPS = 20;
    private static final SampleMedia MEDIA = new SampleMedia(4, 1.0, 40, 32);

    @TempDir
    static Path dir;
    private static Path table;
    private static List<ClipSource> sources;

    @BeforeAll
    static void writeClipsAndTable() throws IOException {
        sources = new ArrayList<>();
        for (SampleMedia.Clip clip : MEDIA.generate(dir.resolve("media"), CLIPS)) {
            sources.add(new ClipSource(clip.folder().getFileName().toString(), clip.framesFolder(), clip.audio()));
        }
        sources.add(new ClipSource("broken", sources.get(0).video(), dir.resolve("media/missing.wav")));
        StringBuilder csv = new StringBuilder("id,video,audio\n");
        for (ClipSource s : sources) {
            csv.append(s.id()).append(',').append(s.video()).append(',').append(s.audio()).append('\n');
        }
        table = Files.writeString(dir.resolve("clips.csv"), csv);
    }

    private static Path checkpoint() {
        return GoldenFiles.resolve("models/tiny-pretraining");
    }

    /** Runs the job's command line (by default on the golden checkpoint folder); returns the rows by id. */
    private static Map<String, Row> runJob(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("--input", table.toString(), "--output", output,
                "--batch-size", "3", "--partitions", "4"));
        args.addAll(List.of(extra));
        if (!args.contains("--model")) {
            args.addAll(List.of("--model", checkpoint().toString()));
        }
        StringWriter stdout = new StringWriter();
        int status = new CommandLine(new SparkEmbedJob()).setOut(new PrintWriter(stdout)).execute(args.toArray(String[]::new));
        assertEquals(0, status);
        assertEquals("rows=" + (CLIPS + 1) + " failed=1", stdout.toString().strip());

        SparkSession spark = LocalSpark.session();
        Map<String, Row> byId = new HashMap<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            assertNull(byId.put(row.getString(0), row), "duplicate id " + row.getString(0));
        }
        assertEquals(CLIPS + 1, byId.size());
        return byId;
    }

    /** Checks the job's rows against single-process embeddings of the same clips. */
    private static void assertMatchesSingleProcess(Map<String, Row> rows, Pooling pooling) {
        try (TvltEmbedder single = TvltEmbedder.fromPretrained(checkpoint(),
                EmbedderOptions.builder().pooling(pooling).batchSize(1).build())) {
            List<ClipEmbedding> expected = single.embed(sources);
            for (ClipEmbedding e : expected.subList(0, CLIPS)) {
                float[] vector = assertInstanceOf(ClipEmbedding.Success.class, e).vector();
                Row row = rows.get(e.id());
                assertTrue(row.isNullAt(2), e.id() + ": " + row.get(2));
                assertEquals(single.dimension(), vector.length);
                assertClose(vector, floats(row.getList(1)), e.id() + " (" + pooling.cliName() + ")");
                double[] features = ((Vector) row.get(3)).toArray();
                for (int i = 0; i < vector.length; i++) {
                    assertEquals(row.getList(1).get(i), (float) features[i], "features of " + e.id());
                }
            }
            ClipEmbedding.Failure failure = assertInstanceOf(ClipEmbedding.Failure.class, expected.get(CLIPS));
            Row broken = rows.get("broken");
            assertTrue(broken.isNullAt(1));
            assertTrue(broken.isNullAt(3), "no features for a failed clip");
            assertEquals(failure.message(), broken.getString(2));
            assertTrue(broken.getString(2).contains("missing.wav"), broken.getString(2));
        }
    }

    @Test
    void everyClsVectorEqualsTheSingleProcessEmbeddingAndTheBrokenClipIsAnErrorRow() {
        LocalSpark.session();
        Map<String, Row> rows = runJob(dir.resolve("cls.parquet").toString());
        assertMatchesSingleProcess(rows, Pooling.CLS);
    }

    @Test
    void meanPoolingWithTheModelIdLookedUpInAHubCache() throws IOException {
        Path cache = dir.resolve("hub-cache");
        Path repo = cache.resolve("models--tvlt-test--tiny");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.createSymbolicLink(snapshot.resolve(file), checkpoint().resolve(file).toAbsolutePath());
        }
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);

        LocalSpark.session();
        Map<String, Row> rows = runJob(dir.resolve("mean.parquet").toString(), "--pooling", "mean",
                "--model", "tvlt-test/tiny", "--hub-cache", cache.toString());
        assertMatchesSingleProcess(rows, Pooling.MEAN);
    }

    @Test
    void aModelMissingFromTheExecutorsFailsTheJob() {
        TvltEmbedderFactory absent = new TvltEmbedderFactory(dir.resolve("no-model").toString(), Pooling.CLS, 4, 1, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, absent::create);
        assertTrue(e.getMessage().startsWith("model folder " + dir.resolve("no-model") + " does not exist on this"
                + " executor"), e.getMessage());

        TvltEmbedderFactory notCached = new TvltEmbedderFactory("tvlt-test/absent", Pooling.CLS, 4, 1,
                dir.resolve("empty-cache").toString());
        HubException notInCache = assertThrows(HubException.class, notCached::create);
        assertEquals(HubException.Reason.NOT_IN_CACHE, notInCache.reason());
    }

    /** The job embeds in padded batches: equal to one-at-a-time vectors within the golden model tolerance. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-4 + 1e-4 * Math.abs(expected[i]),
                    what + " [" + i + "]: " + actual[i] + " vs " + expected[i]);
        }
    }

    private static float[] floats(List<Object> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) list.get(i);
        }
        return out;
    }
}
