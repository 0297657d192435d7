package ai.tvlt.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's plumbing on Spark {@code local[2]} with an embedder that needs no model: a clip's vector is
 * {audio file size, video file size}, so the expected value of every row is known independently of
 * Spark. The model-backed job is checked against single-process embeddings in {@code TvltEmbedJobTest}.
 */
class EmbedJobTest {

    /** Builds of {@link FileSizeEmbedder}s in this JVM (tasks of local mode share the test's JVM). */
    private static final AtomicInteger BUILDS = new AtomicInteger();

    private record FileSizeFactory(String key) implements EmbedderFactory {
        @Override
        public BatchEmbedder create() {
            BUILDS.incrementAndGet();
            return new FileSizeEmbedder();
        }
    }

    /** Throws for the whole batch when a file is missing, so the job's clip-by-clip retry is exercised. */
    private static final class FileSizeEmbedder implements BatchEmbedder {
        @Override
        public List<ClipResult> embed(List<Clip> batch) {
            List<ClipResult> out = new ArrayList<>();
            for (Clip clip : batch) {
                out.add(ClipResult.embedded(clip.id(), vector(clip)));
            }
            return out;
        }

        static float[] vector(Clip clip) {
            try {
                return new float[] {Files.size(Path.of(clip.audio())), Files.size(Path.of(clip.video()))};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes {@code count} clips (two small files each) and a CSV table of them plus one missing clip. */
    private static List<Clip> writeClips(Path dir, int count) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path video = Files.write(dir.resolve("v" + i + ".bin"), new byte[10 + i]);
            Path audio = Files.write(dir.resolve("a" + i + ".wav"), new byte[100 + 3 * i]);
            clips.add(new Clip("clip-" + i, video.toString(), audio.toString()));
        }
        clips.add(new Clip("missing", dir.resolve("nope.bin").toString(), dir.resolve("nope.wav").toString()));
        return clips;
    }

    private static Path writeCsv(Path file, List<Clip> clips) throws IOException {
        StringBuilder csv = new StringBuilder("id,video,audio,comment\n");
        for (Clip c : clips) {
            csv.append(c.id()).append(',').append(c.video()).append(',').append(c.audio()).append(",x\n");
        }
        return Files.writeString(file, csv);
    }

    @Test
    void writesOneParquetRowPerClipWithAnErrorRowForAMissingFile(@TempDir Path dir) throws IOException {
        SparkSession spark = LocalSpark.session();
        List<Clip> clips = writeClips(dir, 24);
        Path table = writeCsv(dir.resolve("clips.csv"), clips);
        Path out = dir.resolve("embeddings.parquet");
        int buildsBefore = BUILDS.get();

        EmbedJob.Summary summary = EmbedJob.run(spark,
                new JobSettings(table.toString(), InputFormat.CSV, out.toString(), 5, 4, false),
                new FileSizeFactory("file-size-" + UUID.randomUUID()));

        assertEquals(new EmbedJob.Summary(25, 1), summary);
        assertEquals(1, BUILDS.get() - buildsBefore, "one embedder for the JVM, shared by all 4 partitions");
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertEquals(DataTypes.FloatType,
                ((ArrayType) written.schema().apply(EmbeddingTable.VECTOR).dataType()).elementType());

        Map<String, Row> byId = new HashMap<>();
        for (Row row : written.collectAsList()) {
            assertNull(byId.put(row.getString(0), row), "duplicate id " + row.getString(0));
        }
        assertEquals(25, byId.size());
        for (Clip clip : clips.subList(0, 24)) {
            Row row = byId.get(clip.id());
            assertNull(row.get(2), clip.id());
            assertArrayEquals(FileSizeEmbedder.vector(clip), floats(row.getList(1)), clip.id());
        }
        Row missing = byId.get("missing");
        assertTrue(missing.isNullAt(1));
        assertNotNull(missing.getString(2));
        assertEquals("no such file or folder: " + dir.resolve("nope.wav"), missing.getString(2));
    }

    @Test
    void readsJsonLinesAndRejectsATableWithoutTheClipColumns(@TempDir Path dir) throws IOException {
        SparkSession spark = LocalSpark.session();
        List<Clip> clips = writeClips(dir, 3);
        StringBuilder json = new StringBuilder();
        for (Clip c : clips) {
            json.append("{\"id\":\"").append(c.id()).append("\",\"video\":\"").append(c.video())
                    .append("\",\"audio\":\"").append(c.audio()).append("\"}\n");
        }
        Path table = Files.writeString(dir.resolve("clips.jsonl"), json);
        Dataset<Row> embedded = EmbedJob.embed(ClipTable.read(spark, table.toString(), InputFormat.fromPath(
                table.toString())), new FileSizeFactory("file-size-" + UUID.randomUUID()), 2);
        List<Row> rows = embedded.orderBy("id").collectAsList();
        assertEquals(List.of("clip-0", "clip-1", "clip-2", "missing"), rows.stream().map(r -> r.getString(0)).toList());
        assertArrayEquals(FileSizeEmbedder.vector(clips.get(2)), floats(rows.get(2).getList(1)));

        Path noAudio = Files.writeString(dir.resolve("bad.csv"), "id,video\n1,/v.mp4\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ClipTable.read(spark, noAudio.toString(), InputFormat.CSV));
        assertTrue(e.getMessage().contains("lacks the column(s) [audio]"), e.getMessage());
    }

    private static float[] floats(List<Object> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) list.get(i);
        }
        return out;
    }
}
