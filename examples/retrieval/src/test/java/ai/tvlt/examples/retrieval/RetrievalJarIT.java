package ai.tvlt.examples.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code target/tvlt-retrieval.jar} in its own JVM, as the README does: {@code index} then
 * {@code query}. This is where a shading mistake shows (Lucene finds its codecs, and the image readers
 * their plugins, through META-INF/services). Runs in the integration-test phase (failsafe).
 */
class RetrievalJarIT {

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void indexesAndQueriesQuietly(@TempDir Path dir) throws Exception {
        String model = GoldenFiles.resolve("models/tiny-pretraining").toString();
        new SampleMedia(4, 1.0, 64, 48).generate(dir.resolve("clips"), 4);
        Path index = dir.resolve("idx");
        Result indexed = run("index", "--model", model, "--dir", dir.resolve("clips").toString(), "--index",
                index.toString());
        assertEquals(0, indexed.exitCode(), indexed.err());
        assertEquals("", indexed.err());
        Path clip = dir.resolve("clips/clip2");
        Result query = run("query", "--model", model, "--index", index.toString(), "--video",
                clip.resolve("frames").toString(), "--audio", clip.resolve("audio.wav").toString(), "--k", "3",
                "--rerank", "2");
        assertEquals(0, query.exitCode(), query.err());
        assertEquals("", query.err());
        List<String> lines = query.out().lines().toList();
        assertEquals(4, lines.size(), query.out());
        assertEquals(QueryCommand.HEADER, lines.get(0));
        assertTrue(lines.stream().skip(1).anyMatch(l -> l.split("\t")[1].equals("clip2")), query.out());
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("tvlt.retrieval.jar", "target/tvlt-retrieval.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("retrieval-out", ".txt");
        Path err = Files.createTempFile("retrieval-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tvlt-retrieval " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
