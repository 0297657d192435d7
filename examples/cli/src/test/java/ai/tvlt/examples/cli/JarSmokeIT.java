package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code target/tvlt.jar} in its own JVM, as SPEC section 4 describes the tool: exit
 * status, clean stdout, one line on stderr for bad input, nothing logged by default. Runs in the
 * integration-test phase (failsafe), after the shade plugin built the jar.
 */
class JarSmokeIT {

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void inspectsAGoldenCheckpointQuietly() throws Exception {
        Path checkpoint = GoldenFiles.resolve("models/tiny-pretraining");
        Result r = tvlt("inspect", checkpoint.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("checkpoint: "), r.out());
        assertTrue(r.out().contains("tvlt.encoder.layer.0.attention.attention.query.weight"), r.out());
    }

    @Test
    void badInputGivesOneLineAndNonZeroExit(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("cut.safetensors");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(
                GoldenFiles.resolve("models/tiny-pretraining/model.safetensors")), 2000));
        for (String[] args : List.of(new String[] {"inspect", truncated.toString()}, new String[] {"nope"},
                new String[] {"inspect"}, new String[0])) {
            Result r = tvlt(args);
            assertTrue(r.exitCode() != 0, Arrays.toString(args));
            assertEquals(1, r.err().lines().count(), Arrays.toString(args) + ": " + r.err());
            assertTrue(r.err().startsWith("tvlt: error: "), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void samplesAndHelpWork(@TempDir Path dir) throws Exception {
        Result help = tvlt("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("inspect") && help.out().contains("samples"), help.out());
        Result samples = tvlt("samples", "--out", dir.toString(), "--clips", "1", "--seconds", "0.5");
        assertEquals(0, samples.exitCode(), samples.err());
        assertTrue(Files.isRegularFile(dir.resolve("clip0/audio.wav")));
        assertTrue(Files.isRegularFile(dir.resolve("clip0/frames/f7.png")));
    }

    @Test
    void infersAGoldenCaseWithTheNativeBackend(@TempDir Path dir) throws Exception {
        String relativeCase = "models/tiny-pretraining/cases/tvltmodel_mask_pixel_audio.safetensors";
        Path out = dir.resolve("out.safetensors");
        try (GoldenCase c = GoldenCase.open(relativeCase)) {
            List<String> args = new ArrayList<>(InferGoldenCases.arguments(relativeCase, c));
            args.addAll(List.of("--out", out.toString(), "--repeat", "2"));
            Result r = tvlt(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().matches("forward_ms median=\\d+\\.\\d+ min=\\d+\\.\\d+ max=\\d+\\.\\d+ runs=2\\R"),
                    r.err());
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    /**
     * A checkpoint with {@code "hidden_act": "relu"} through the jar: the tiny golden weights against the
     * float64 numpy run of the reference forward that tvlt-models' {@code HiddenActGoldenTest} uses
     * ({@code tvlt-models/src/test/resources/relu/make_relu_fixture.py}).
     */
    @Test
    void aReluCheckpointMatchesTheReferenceThroughTheJar(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(System.getProperty("user.dir")).resolve(
                "../../tvlt-models/src/test/resources/relu/relu_tvltmodel_basic.safetensors").normalize();
        assertTrue(Files.isRegularFile(fixture), "missing fixture " + fixture);
        Path golden = GoldenFiles.resolve("models/tiny-pretraining");
        Path model = Files.createDirectories(dir.resolve("relu-model"));
        Files.writeString(model.resolve("config.json"), Files.readString(golden.resolve("config.json"))
                .replace("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\""));
        assertTrue(Files.readString(model.resolve("config.json")).contains("\"hidden_act\": \"relu\""));
        Files.copy(golden.resolve("model.safetensors"), model.resolve("model.safetensors"));
        Path out = dir.resolve("out.safetensors");
        Result r = tvlt("infer", "--model", model.toString(), "--task", "model", "--inputs", fixture.toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (GoldenCase c = GoldenCase.open(fixture)) {
            InferGoldenCases.assertOutputMatches(c, out);
        }
    }

    /**
     * The old libraries ND4J drags in and the project never uses are not in the jar, and the ones it
     * needs are the overridden releases; {@link #infersAGoldenCaseWithTheNativeBackend} proves ND4J still
     * loads and computes the golden outputs without them.
     */
    @Test
    void theJarLeavesOutTheUnusedOldLibraries() throws IOException {
        Path jar = Path.of(System.getProperty("tvlt.jar", "target/tvlt.jar"));
        List<String> entries = new ArrayList<>();
        String commonsIo = null;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (var e = zip.entries(); e.hasMoreElements(); ) {
                entries.add(e.nextElement().getName());
            }
            var props = zip.getEntry("META-INF/maven/commons-io/commons-io/pom.properties");
            if (props != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(zip.getInputStream(props));
                commonsIo = p.getProperty("version");
            }
        }
        assertTrue(entries.stream().noneMatch(n -> n.startsWith("org/apache/commons/net/")), "commons-net in the jar");
        assertTrue(entries.stream().noneMatch(n -> n.startsWith("org/apache/commons/compress/")),
                "commons-compress in the jar");
        assertTrue(entries.contains("org/nd4j/linalg/factory/Nd4j.class"), "ND4J is in the jar");
        assertEquals("2.22.0", commonsIo, "commons-io version in the jar");
    }

    @Test
    void servesEmbeddingsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("tvlt.jar", "target/tvlt.jar");
        Path checkpoint = GoldenFiles.resolve("models/tiny-pretraining");
        Path err = dir.resolve("serve.err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "serve", "--model", checkpoint.toString(), "--port", "0").redirectError(err.toFile())
                .redirectOutput(dir.resolve("serve.out").toFile()).start();
        try {
            java.util.regex.Matcher listening = java.util.regex.Pattern.compile("listening on (http://\\S+)")
                    .matcher("");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!listening.reset(Files.readString(err)).find()) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "no 'listening on' line:\n" + Files.readString(err));
                Thread.sleep(100);
            }
            java.net.URI url = java.net.URI.create(listening.group(1));
            assertTrue(url.getHost().equals("127.0.0.1"), url.toString());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(url.resolve("/health"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not stop within 60 s of SIGTERM");
            assertEquals(143, p.exitValue(), Files.readString(err));
            String log = Files.readString(err);
            assertTrue(log.contains("GET /health 200"), log);
            assertFalse(log.contains("WARN") || log.contains("Exception"), log);
        } finally {
            p.destroyForcibly();
        }
    }

    private static Result tvlt(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("tvlt.jar", "target/tvlt.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tvlt-out", ".txt");
        Path err = Files.createTempFile("tvlt-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tvlt " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
