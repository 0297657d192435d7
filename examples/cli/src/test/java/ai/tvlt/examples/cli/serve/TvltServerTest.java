package ai.tvlt.examples.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.examples.cli.TvltCommand;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt serve} in-process on a free port with the golden tiny pre-training checkpoint (random weights,
 * 4 frames of 32x32), answering real HTTP requests: the done-when list (the vector of {@code tvlt
 * embed}, 16 concurrent requests, 413, 400, 429, the service routes) and the heads' routes. The clip is
 * the ffmpeg-made H.264 + AAC fixture of the CLI tests.
 */
class TvltServerTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    private static final Path MP4 = Path.of("src/test/resources/media/mp4_h264_aac_44k_stereo.mp4");
    private static final long MAX_UPLOAD = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static TvltServer server;

    @TempDir
    static Path samples;

    @BeforeAll
    static void start() {
        ServeLimits limits = new ServeLimits("127.0.0.1", 0, MAX_UPLOAD, 8, Duration.ofMillis(20), 64,
                Duration.ofSeconds(120), Duration.ofSeconds(10));
        server = start(limits, size -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TvltServer start(ServeLimits limits, java.util.function.IntConsumer batchSizes) {
        ServerMetrics metrics = new ServerMetrics();
        ServedModel model = ServedModel.load(new ModelDescription(CHECKPOINT.toString(), null), CHECKPOINT,
                EmbedderOptions.defaults(), limits, size -> {
                    metrics.batch(size);
                    batchSizes.accept(size);
                });
        // as 'tvlt serve' without --index: the search routes answer that there is no index
        return TvltServer.start(model, limits, metrics, List.of(SearchRoutes.withoutIndex()));
    }

    @Test
    void embedGivesTheVectorOfTvltEmbed() throws IOException {
        HttpResponse<String> response = new Multipart().file("clip", MP4).post(CLIENT, uri(server, "/embed"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(32, body.get("dims").asInt());
        assertEquals("cls", body.get("pooling").asText());
        assertArrayEquals(tvltEmbed("--video", MP4.toString()), vector(body));
    }

    @Test
    void videoAndAudioPartsGiveTheVectorOfTvltEmbed() throws IOException {
        SampleMedia.Clip clip = new SampleMedia(4, 1.0, 64, 48).generateClip(samples, 0);
        HttpResponse<String> response = new Multipart().file("video", MP4).file("audio", clip.audio())
                .post(CLIENT, uri(server, "/embed"));
        assertEquals(200, response.statusCode(), response.body());
        assertArrayEquals(tvltEmbed("--video", MP4.toString(), "--audio", clip.audio().toString()),
                vector(JSON.readTree(response.body())));
    }

    @Test
    void sixteenConcurrentRequestsAllSucceedWithIdenticalVectors() throws Exception {
        float[] alone = tvltEmbed("--video", MP4.toString());
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                responses.add(clients.submit(() -> {
                    go.await();
                    return new Multipart().file("clip", MP4).post(CLIENT, uri(server, "/embed"));
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get(120, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                // a clip's rows are computed as they would be alone, whatever batch the server puts it in
                assertArrayEquals(alone, vector(JSON.readTree(r.body())));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void oversizedUploadGets413AndTheServerStaysHealthy() throws IOException {
        byte[] big = new byte[(int) MAX_UPLOAD + 1000];
        new Random(1).nextBytes(big);
        HttpResponse<String> response = new Multipart().bytes("clip", "big.mp4", big).post(CLIENT, uri(server, "/embed"));
        assertEquals(413, response.statusCode(), response.body());
        assertErrorJson(response, "larger than the limit");
        assertHealthy();
    }

    @Test
    void streamedOversizedUploadGets413() throws Exception {
        byte[] big = new byte[(int) MAX_UPLOAD * 2];
        byte[] body = new Multipart().bytes("clip", "big.mp4", big).body();
        HttpRequest chunked = HttpRequest.newBuilder(uri(server, "/embed"))
                .header("Content-Type", new Multipart().request(uri(server, "/embed")).headers()
                        .firstValue("Content-Type").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertErrorJson(response, "larger than the limit");
        assertHealthy();
    }

    @Test
    void garbageUploadGets400NamingThePartAndTheServerStaysHealthy() throws IOException {
        byte[] garbage = new byte[5000];
        new Random(2).nextBytes(garbage);
        HttpResponse<String> response = new Multipart().bytes("clip", "garbage.mp4", garbage)
                .post(CLIENT, uri(server, "/embed"));
        assertEquals(400, response.statusCode(), response.body());
        String error = assertErrorJson(response, "uploaded part 'clip'");
        assertFalse(error.contains(System.getProperty("java.io.tmpdir")), error);
        assertHealthy();
    }

    @Test
    void requestsWithoutAClipGet400SayingWhatIsExpected() throws Exception {
        HttpResponse<String> plain = CLIENT.send(HttpRequest.newBuilder(uri(server, "/embed"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, plain.statusCode(), plain.body());
        assertErrorJson(plain, "multipart/form-data upload with part 'clip'");
        HttpResponse<String> videoOnly = new Multipart().file("video", MP4).post(CLIENT, uri(server, "/embed"));
        assertEquals(400, videoOnly.statusCode(), videoOnly.body());
        assertErrorJson(videoOnly, "parts 'video' and 'audio'");
        HttpResponse<String> empty = new Multipart().bytes("clip", "empty.mp4", new byte[0])
                .post(CLIENT, uri(server, "/embed"));
        assertEquals(400, empty.statusCode(), empty.body());
        assertErrorJson(empty, "part 'clip' of the upload is empty");
        HttpResponse<String> noSound = new Multipart().file("clip", MP4.resolveSibling("mp4_h264_no_audio.mp4"))
                .post(CLIENT, uri(server, "/embed"));
        assertEquals(400, noSound.statusCode(), noSound.body());
        assertErrorJson(noSound, "uploaded part 'clip'");
        assertHealthy();
    }

    @Test
    void fullQueueGets429WithRetryAfterAndTheQueuedRequestsFinish() throws Exception {
        CountDownLatch batchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServeLimits limits = new ServeLimits("127.0.0.1", 0, MAX_UPLOAD, 1, Duration.ZERO, 1, Duration.ofSeconds(120),
                Duration.ofSeconds(10));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (TvltServer small = start(limits, size -> {
            batchStarted.countDown();
            awaitQuietly(release);
        })) {
            Future<HttpResponse<String>> running = clients.submit(
                    () -> new Multipart().file("clip", MP4).post(CLIENT, uri(small, "/embed")));
            assertTrue(batchStarted.await(60, TimeUnit.SECONDS), "the first request never reached the model");
            Future<HttpResponse<String>> queued = clients.submit(
                    () -> new Multipart().file("clip", MP4).post(CLIENT, uri(small, "/embed")));
            awaitQueueDepth(small, 1);
            HttpResponse<String> refused = new Multipart().file("clip", MP4).post(CLIENT, uri(small, "/embed"));
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
            assertErrorJson(refused, "too many requests");
            release.countDown();
            assertEquals(200, running.get(60, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(60, TimeUnit.SECONDS).statusCode());
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void requestPastItsDeadlineGets503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ServeLimits limits = new ServeLimits("127.0.0.1", 0, MAX_UPLOAD, 1, Duration.ZERO, 4, Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        try (TvltServer small = start(limits, size -> awaitQuietly(release))) {
            HttpResponse<String> late = new Multipart().file("clip", MP4).post(CLIENT, uri(small, "/embed"));
            assertEquals(503, late.statusCode(), late.body());
            assertErrorJson(late, "deadline");
            release.countDown();
            assertHealthy(small);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeFinishesTheRequestsInFlightAndRefusesNewOnes() throws Exception {
        CountDownLatch batchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServeLimits limits = new ServeLimits("127.0.0.1", 0, MAX_UPLOAD, 1, Duration.ZERO, 4, Duration.ofSeconds(120),
                Duration.ofSeconds(60));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            TvltServer draining = start(limits, size -> {
                batchStarted.countDown();
                awaitQuietly(release);
            });
            Future<HttpResponse<String>> inFlight = threads.submit(
                    () -> new Multipart().file("clip", MP4).post(CLIENT, uri(draining, "/embed")));
            assertTrue(batchStarted.await(60, TimeUnit.SECONDS), "the request never reached the model");
            Future<?> closing = threads.submit(draining::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpResponse<String> refused;
            do {
                Thread.sleep(20);
                refused = get(draining, "/health");
            } while (refused.statusCode() == 200 && System.nanoTime() < deadline);
            assertEquals(503, refused.statusCode(), refused.body());
            assertErrorJson(refused, "shutting down");
            assertFalse(closing.isDone(), "close() returned while a request was in flight");
            release.countDown();
            HttpResponse<String> finished = inFlight.get(60, TimeUnit.SECONDS);
            assertEquals(200, finished.statusCode(), finished.body());
            closing.get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void serviceRoutesAnswer() throws Exception {
        assertHealthy();
        JsonNode info = JSON.readTree(get(server, "/info").body());
        assertEquals(CHECKPOINT.toString(), info.get("model").asText());
        assertTrue(info.get("revision").isNull());
        assertEquals(32, info.get("dims").asInt());
        assertEquals("cls", info.get("pooling").asText());
        assertEquals("fp32", info.get("precision").asText());
        assertTrue(info.hasNonNull("version"));
        assertEquals("[\"embed\",\"match\",\"reconstruct\"]", info.get("tasks").toString());
        new Multipart().file("clip", MP4).post(CLIENT, uri(server, "/embed"));
        HttpResponse<String> metrics = get(server, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        for (String name : List.of("tvlt_http_requests_total{route=\"POST /embed\",status=\"200\"}",
                "tvlt_http_errors_total", "tvlt_http_request_duration_seconds_bucket", "tvlt_batch_size_bucket",
                "tvlt_batch_queue_depth", "tvlt_http_requests_in_flight")) {
            assertTrue(metrics.body().contains(name), name + " missing from /metrics:\n" + metrics.body());
        }
        HttpResponse<String> missing = get(server, "/no-such-route");
        assertEquals(404, missing.statusCode());
        assertErrorJson(missing, "/no-such-route");
    }

    @Test
    void openApiDescribesEveryRoute() throws Exception {
        HttpResponse<String> response = get(server, "/openapi.json");
        assertEquals(200, response.statusCode());
        JsonNode paths = JSON.readTree(response.body()).get("paths");
        Set<String> described = new HashSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        Set<String> registered = new HashSet<>();
        server.routes().forEach(route -> registered.add(route.toString()));
        assertTrue(registered.contains("POST /embed") && registered.contains("GET /metrics"), registered.toString());
        assertEquals(registered, described);
    }

    @Test
    void matchGivesTheScoreOfTvltMatch() throws IOException {
        HttpResponse<String> response = new Multipart().file("clip", MP4).post(CLIENT, uri(server, "/match"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        String cli = tvlt("match", "--model", CHECKPOINT.toString(), "--video", MP4.toString(), "--audio",
                MP4.toString(), "--json");
        JsonNode expected = JSON.readTree(cli);
        assertEquals(expected.get("probability").floatValue(), body.get("probability").floatValue());
        assertEquals(expected.get("logit").floatValue(), body.get("logit").floatValue());
    }

    @Test
    void reconstructGivesThePictureOfTvltReconstruct(@TempDir Path dir) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(new Multipart().file("clip", MP4)
                .request(uri(server, "/reconstruct?seed=3&scale=2")), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        Path png = dir.resolve("cli.png");
        tvlt("reconstruct", "--model", CHECKPOINT.toString(), "--video", MP4.toString(), "--audio", MP4.toString(),
                "--seed", "3", "--scale", "2", "--out", png.toString());
        BufferedImage served = ImageIO.read(new ByteArrayInputStream(response.body()));
        BufferedImage expected = ImageIO.read(png.toFile());
        assertEquals(expected.getWidth(), served.getWidth());
        assertEquals(expected.getHeight(), served.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), served.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        HttpResponse<String> badScale = new Multipart().file("clip", MP4).post(CLIENT, uri(server, "/reconstruct?scale=99"));
        assertEquals(400, badScale.statusCode());
        assertErrorJson(badScale, "'scale'");
    }

    private static float[] tvltEmbed(String... clipArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("embed", "--model", CHECKPOINT.toString()));
        args.addAll(List.of(clipArgs));
        return vector(JSON.readTree(tvlt(args.toArray(String[]::new))));
    }

    private static String tvlt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TvltCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private static float[] vector(JsonNode body) {
        JsonNode values = body.get("vector");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i).floatValue();
        }
        return vector;
    }

    private static String assertErrorJson(HttpResponse<String> response, String expectedPart) throws IOException {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(1, body.size(), response.body());
        String error = body.get("error").asText();
        assertTrue(error.contains(expectedPart), error);
        assertFalse(error.matches(".*\\b(java|jakarta|org\\.eclipse|io\\.javalin)\\.[a-z].*") || error.contains("Exception"),
                error);
        return error;
    }

    private static void assertHealthy() {
        assertHealthy(server);
    }

    private static void assertHealthy(TvltServer target) {
        HttpResponse<String> health = get(target, "/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("{\"status\":\"ok\"}", health.body());
    }

    private static void awaitQueueDepth(TvltServer target, int depth) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!get(target, "/metrics").body().contains("tvlt_batch_queue_depth " + depth + ".0")) {
            assertTrue(System.nanoTime() < deadline, "the queue never reached " + depth);
            Thread.sleep(20);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpResponse<String> get(TvltServer target, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri(target, path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(TvltServer target, String path) {
        return URI.create(target.url() + path);
    }

    static {
        // Files.readAllBytes of the fixture in every request body: make sure it is there before any server starts
        if (!Files.isRegularFile(MP4)) {
            throw new IllegalStateException("missing fixture " + MP4.toAbsolutePath());
        }
    }
}
