package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output is the data channel of {@code tvlt embed} (JSON Lines) and {@code tvlt preprocess} (nothing:
 * it writes a file). The media libraries under the processor print to {@code System.out} on their own when they
 * meet damaged or unusual files; run in a child JVM, whose real standard output is read here, such files must
 * leave standard output holding only the data.
 */
class StdoutIsDataTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * An MP4 whose {@code moov} box ends with a child box of declared size 5 (JCodec logs "Broken atom of size 5",
     * by default to standard output, and goes on) and a FLAC file whose residual partitions are partly
     * escape-coded (jFLAC, the decoder used before, printed "readResidual elsecase" to standard output for each).
     */
    @Test
    void damagedOrUnusualMediaLeaveOnlyTheData() throws Exception {
        Path mp4 = withBrokenChildBox(media("mp4_h264_aac_44k_stereo.mp4"), dir.resolve("broken-atom.mp4"));
        Path flac = media("flac16_16k_mono_escape.flac");
        Child run = tvlt("embed", "--model", CHECKPOINT.toString(), "--video", mp4.toString(), "--audio",
                flac.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertOnlyJsonLines(run.out(), 1);
        assertTrue(run.err().contains("Broken atom"), "JCodec's message is logged on stderr: " + run.err());

        Child preprocess = tvlt("preprocess", "--video", mp4.toString(), "--audio", flac.toString(), "--out",
                dir.resolve("p.safetensors").toString());
        assertEquals(0, preprocess.exitCode(), preprocess.err());
        assertEquals("", preprocess.out());
    }

    static void assertOnlyJsonLines(String out, int count) throws IOException {
        List<String> lines = out.lines().toList();
        assertEquals(count, lines.size(), out);
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject() && node.has("vector"), line);
        }
    }

    /** Appends an 8-byte child of declared size 5 to the file's last top-level box, its {@code moov}. */
    private static Path withBrokenChildBox(Path source, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int at = 0;
        int moov = -1;
        while (at + 8 <= bytes.length) {
            String type = new String(bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("moov")) {
                moov = at;
            }
            at += b.getInt(at);
        }
        assertTrue(moov >= 0 && moov + b.getInt(moov) == bytes.length, "moov is the last box of " + source);
        byte[] out = new byte[bytes.length + 8];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        ByteBuffer.wrap(out).putInt(moov, b.getInt(moov) + 8).putInt(bytes.length, 5);
        return Files.write(target, out);
    }

    static Path media(String name) throws URISyntaxException {
        return Path.of(StdoutIsDataTest.class.getResource("/media/" + name).toURI());
    }

    /** What a child JVM running {@code tvlt} wrote. */
    record Child(int exitCode, String out, String err) {
    }

    static Child tvlt(String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("tvlt-child", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    TvltCommand.class.getName()));
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
            child.getOutputStream().close();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM ended");
            return new Child(child.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
