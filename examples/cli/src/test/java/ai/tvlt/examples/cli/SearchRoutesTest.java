package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.examples.cli.index.ClipIndex;
import ai.tvlt.examples.cli.index.Neighbour;
import ai.tvlt.examples.cli.serve.SearchRoutes;
import ai.tvlt.examples.cli.serve.TvltServer;
import ai.tvlt.models.pipeline.MatchScorer;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search routes of {@code tvlt serve --index} over HTTP on a loopback port, against the index of
 * {@link IndexedClips}: expected neighbours from {@link ClipIndex#nearest}, the expected rerank from
 * {@link MatchScorer} on the same files, and the errors of bad requests. Also {@code serve --index} refusing an
 * index of another model.
 */
class SearchRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static IndexedClips clips;
    private static ClipIndex index;
    private static TvltServer server;
    private static TvltServer withoutIndex;

    @BeforeAll
    static void start() {
        clips = IndexedClips.get();
        index = ClipIndex.open(clips.index());
        server = IndexedClips.startServer(SearchRoutes.of(ClipIndex.open(clips.index())));
        withoutIndex = IndexedClips.startServer(SearchRoutes.withoutIndex());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {server, withoutIndex, index}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void indexDescribesTheIndex() throws Exception {
        JsonNode body = json(get(server, "/index"), 200);
        assertTrue(body.get("available").asBoolean());
        assertEquals(7, body.get("clips").asInt());
        assertEquals(32, body.get("dims").asInt());
        assertEquals("cls", body.get("pooling").asText());
        assertEquals(IndexedClips.CHECKPOINT.toString(), body.get("model").asText());
        assertFalse(json(get(withoutIndex, "/index"), 200).get("available").asBoolean());
    }

    @Test
    void searchByIdGivesTheIndexNeighboursWithTheClipFirst() throws Exception {
        JsonNode body = json(get(server, "/search?id=clip1&k=3"), 200);
        assertEquals("clip1", body.get("query").get("id").asText());
        assertArrayEquals(index.vectorOf("clip1").orElseThrow(), floats(body.get("query").get("vector")));
        List<Neighbour> expected = index.nearest(index.vectorOf("clip1").orElseThrow(), 3);
        assertEquals(expected.stream().map(Neighbour::id).toList(), ids(body));
        assertEquals("clip1", ids(body).get(0));
        for (int i = 0; i < 3; i++) {
            JsonNode result = body.get("results").get(i);
            assertEquals(expected.get(i).cosine(), result.get("score").floatValue());
            assertFalse(result.has("match"));
            HttpResponse<byte[]> thumbnail = getBytes(server, result.get("thumbnail").asText());
            assertEquals(200, thumbnail.statusCode());
            assertEquals("image/jpeg", thumbnail.headers().firstValue("Content-Type").orElse(""));
            assertArrayEquals(index.thumbnail(result.get("id").asText()).orElseThrow(), thumbnail.body());
        }
        assertEquals(SearchRoutes.DEFAULT_K > 7 ? 7 : SearchRoutes.DEFAULT_K,
                json(get(server, "/search?id=clip1"), 200).get("results").size());
    }

    @Test
    void anUploadedClipIsEmbeddedAsEmbedDoesAndSearched() throws Exception {
        JsonNode embedded = json(postClip(server, "/embed"), 200);
        JsonNode body = json(postClip(server, "/search?k=7"), 200);
        assertArrayEquals(floats(embedded.get("vector")), floats(body.get("query").get("vector")));
        assertFalse(body.get("query").has("id"));
        assertEquals(index.nearest(floats(embedded.get("vector")), 7).stream().map(Neighbour::id).toList(), ids(body));
        assertEquals("stereo", ids(body).get(0));
    }

    @Test
    void anIndexedClipIsReconstructedAsItsUploadIs() throws Exception {
        HttpResponse<byte[]> indexed = getBytes(server, "/reconstruct?id=stereo");
        assertEquals(200, indexed.statusCode());
        assertEquals("image/png", indexed.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<byte[]> uploaded = HTTP.send(multipart(server, "/reconstruct", "clip", "stereo.mp4",
                Files.readAllBytes(IndexedClips.MP4)), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, uploaded.statusCode());
        assertArrayEquals(uploaded.body(), indexed.body());
    }

    @Test
    void rerankPutsTheFirstResultsInMatchingOrder() throws Exception {
        JsonNode body = json(get(server, "/search?id=clip1&k=5&rerank=3"), 200);
        List<String> cosineOrder = index.nearest(index.vectorOf("clip1").orElseThrow(), 5).stream()
                .map(Neighbour::id).toList();
        ClipSource query = index.media("clip1").orElseThrow();
        List<Float> expectedMatches = new ArrayList<>();
        try (MatchScorer scorer = MatchScorer.fromPretrained(IndexedClips.CHECKPOINT)) {
            for (String id : cosineOrder.subList(0, 3)) {
                expectedMatches.add(scorer.score(index.media(id).orElseThrow().video(), query.audio()).probability());
            }
        }
        JsonNode results = body.get("results");
        List<String> reranked = ids(body).subList(0, 3);
        assertEquals(new java.util.HashSet<>(cosineOrder.subList(0, 3)), new java.util.HashSet<>(reranked));
        assertEquals(cosineOrder.subList(3, 5), ids(body).subList(3, 5));
        for (int i = 0; i < 3; i++) {
            float match = results.get(i).get("match").floatValue();
            assertEquals(expectedMatches.get(cosineOrder.indexOf(reranked.get(i))), match, 1e-6f);
            if (i > 0) {
                assertTrue(match <= results.get(i - 1).get("match").floatValue());
            }
        }
        assertFalse(results.get(3).has("match"));
    }

    @Test
    void badSearchesGetJsonErrors() throws Exception {
        assertError(get(server, "/search"), 400, "query parameter 'id' is required");
        assertError(get(server, "/search?id=nope"), 404, "no clip 'nope' in the index");
        assertError(get(server, "/thumbnail?id=nope"), 404, "no clip 'nope' in the index");
        assertError(get(server, "/reconstruct?id=nope"), 404, "no clip 'nope' in the index");
        assertError(get(server, "/reconstruct"), 400, "query parameter 'id' is required");
        assertError(get(server, "/search?id=clip1&k=0"), 400, "query parameter 'k' must be 1 to 100, got 0");
        assertError(get(server, "/search?id=clip1&k=abc"), 400, "query parameter 'k' must be an integer, got 'abc'");
        assertError(get(server, "/search?id=clip1&rerank=99"), 400, "query parameter 'rerank' must be 0 to 20");
        assertError(get(withoutIndex, "/search?id=clip1"), 404, "this server has no index");
        assertError(postClip(withoutIndex, "/search"), 404, "this server has no index");
        assertError(get(withoutIndex, "/thumbnail?id=clip1"), 404, "this server has no index");
        assertError(get(withoutIndex, "/reconstruct?id=clip1"), 404, "this server has no index");
        HttpResponse<String> garbage = HTTP.send(multipart(server, "/search", "clip", "x.mp4", new byte[] {1, 2, 3}),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertEquals(200, get(server, "/health").statusCode());
    }

    @Test
    void serveRefusesAnIndexOfAnotherModelOrAMissingOne() {
        Path other = GoldenFiles.resolve("models/tiny-classification");
        CliRun run = CliRun.tvlt("serve", "--model", other.toString(), "--index", clips.index().toString(), "--port",
                "0");
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode(), run.err());
        String line = run.singleErrorLine();
        assertTrue(line.contains("index " + clips.index() + " was built with " + IndexedClips.CHECKPOINT)
                && line.contains("the model " + other), line);
        CliRun missing = CliRun.tvlt("serve", "--model", IndexedClips.CHECKPOINT.toString(), "--index",
                clips.index().resolveSibling("none.idx").toString(), "--port", "0");
        assertEquals(ErrorReporter.EXIT_FAILURE, missing.exitCode(), missing.err());
        assertTrue(missing.singleErrorLine().contains("none.idx does not exist"), missing.err());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        String error = JSON.readTree(response.body()).get("error").asText();
        assertTrue(error.contains(message), error);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    private static HttpResponse<String> get(TvltServer target, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(TvltServer target, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.url() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> postClip(TvltServer target, String path) throws Exception {
        return HTTP.send(multipart(target, path, "clip", "stereo.mp4", Files.readAllBytes(IndexedClips.MP4)),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest multipart(TvltServer target, String path, String part, String fileName, byte[] bytes)
            throws IOException {
        String boundary = "tvlt-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(target.url() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
