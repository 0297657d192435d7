package ai.tvlt.examples.cli.serve;

import ai.tvlt.core.error.TvltException;
import ai.tvlt.examples.cli.heads.ReconstructionGrid;
import ai.tvlt.examples.cli.index.ClipIndex;
import ai.tvlt.examples.cli.index.Neighbour;
import ai.tvlt.models.pipeline.ErrorMessages;
import ai.tvlt.models.pipeline.MatchScorer;
import ai.tvlt.models.pipeline.Reconstruction;
import ai.tvlt.models.pipeline.Reconstructor;
import ai.tvlt.processing.clip.ClipSource;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The search routes of {@code tvlt serve --index INDEX} over a {@link ClipIndex}:
 * <ul>
 *   <li>{@code GET /index}: whether the server has an index, and its size and model;</li>
 *   <li>{@code POST /search?k=&rerank=}: an uploaded clip (as {@code /embed} takes it) is embedded and its
 *       {@code k} nearest clips returned by cosine similarity; with {@code rerank=N} the first N are rescored by
 *       the matching head (the query's audio against each clip's video, as in TVLT's audio-to-video retrieval)
 *       and put first by that probability;</li>
 *   <li>{@code GET /search?id=&k=&rerank=}: the same for a clip of the index, by its stored vector;</li>
 *   <li>{@code GET /thumbnail?id=}: a clip's thumbnail (JPEG);</li>
 *   <li>{@code GET /reconstruct?id=&seed=}: the MAE reconstruction of a clip of the index, as {@code POST
 *       /reconstruct} draws an uploaded one (PNG).</li>
 * </ul>
 * Without an index the group still answers {@code GET /index} ({@code "available": false}); the other routes
 * then answer 404. The rerank and the reconstruction read the indexed clips' media from the paths the index
 * holds (written by {@code tvlt index} on this machine), never paths from a request. Thread-safe.
 */
public final class SearchRoutes implements ServerRoutes {

    /** Results of a search when {@code k} is not given. */
    public static final int DEFAULT_K = 12;
    /** The most results of one search. */
    public static final int MAX_K = 100;
    /** The most results one search reranks with the matching head. */
    public static final int MAX_RERANK = 20;

    private final ClipIndex index;
    private ServedModel model;
    private RouteTable table;

    private SearchRoutes(ClipIndex index) {
        this.index = index;
    }

    /**
     * @param index the index to search; the routes close it with the server
     * @return the routes
     */
    public static SearchRoutes of(ClipIndex index) {
        return new SearchRoutes(index);
    }

    /** @return the routes of a server without an index: {@code /index} says so, searches answer 404 */
    public static SearchRoutes withoutIndex() {
        return new SearchRoutes(null);
    }

    @Override
    public void addTo(RouteTable routes) {
        this.model = routes.model();
        this.table = routes;
        routes.get("/index", this::describe).post("/search", this::searchUpload).get("/search", this::searchById)
                .get("/thumbnail", this::thumbnail).get("/reconstruct", this::reconstruct);
    }

    private void describe(Context ctx) {
        ObjectNode body = JsonResponses.object().put("available", index != null);
        if (index != null) {
            body.put("clips", index.size()).put("model", index.model().name()).put("revision", index.model().revision())
                    .put("pooling", index.model().pooling().cliName()).put("dims", index.model().dimension());
        }
        JsonResponses.send(ctx, body);
    }

    private void searchUpload(Context ctx) {
        ClipIndex searched = requireIndex();
        int k = intParam(ctx, "k", DEFAULT_K, 1, MAX_K);
        int rerank = intParam(ctx, "rerank", 0, 0, MAX_RERANK);
        try (ClipUpload upload = table.upload(ctx)) {
            float[] vector = model.embed(upload, RouteTable.deadline(ctx));
            List<Hit> hits = rerank(ctx, searched.nearest(vector, k), rerank, upload.audio());
            send(ctx, null, vector, hits);
        }
    }

    private void searchById(Context ctx) {
        ClipIndex searched = requireIndex();
        String id = requiredParam(ctx, "id");
        int k = intParam(ctx, "k", DEFAULT_K, 1, MAX_K);
        int rerank = intParam(ctx, "rerank", 0, 0, MAX_RERANK);
        float[] vector = searched.vectorOf(id).orElseThrow(() -> unknownClip(id));
        Path audio = rerank > 0 ? searched.media(id).orElseThrow(() -> unknownClip(id)).audio() : null;
        send(ctx, id, vector, rerank(ctx, searched.nearest(vector, k), rerank, audio));
    }

    private void thumbnail(Context ctx) {
        ClipIndex searched = requireIndex();
        String id = requiredParam(ctx, "id");
        byte[] jpeg = searched.thumbnail(id).orElseThrow(() -> unknownClip(id));
        ctx.header("Cache-Control", "max-age=3600").contentType("image/jpeg").result(jpeg);
    }

    private void reconstruct(Context ctx) {
        ClipIndex searched = requireIndex();
        String id = requiredParam(ctx, "id");
        int seed = intParam(ctx, "seed", 0, 0, Integer.MAX_VALUE);
        Reconstructor reconstructor = model.reconstructor().orElseThrow(() -> new ApiError(501,
                "the model has no MAE decoder (a TvltForPreTraining checkpoint with the decoder weights has)"));
        ClipSource clip = searched.media(id).orElseThrow(() -> unknownClip(id));
        Reconstruction reconstruction;
        try {
            reconstruction = reconstructor.reconstruct(clip.video(), clip.audio(), seed);
        } catch (TvltException e) {
            throw new ApiError(409, "cannot reconstruct clip '" + printable(id) + "': its media in the index cannot"
                    + " be read (" + ErrorMessages.describe(e) + ")");
        }
        ReconstructionGrid grid = new ReconstructionGrid(
                reconstructor.media().processor().imageProcessor().config(), 1);
        ctx.contentType("image/png").result(ClipRoutes.png(grid.render(reconstruction)));
    }

    /** A result: the clip, its cosine, and its matching probability when reranked. */
    private record Hit(Neighbour neighbour, Float match) {
    }

    /**
     * The first {@code count} neighbours rescored by the matching head (query audio against each clip's
     * video) and sorted by that probability, then the others in cosine order.
     */
    private List<Hit> rerank(Context ctx, List<Neighbour> neighbours, int count, Path queryAudio) {
        List<Hit> reranked = new ArrayList<>();
        int n = Math.min(count, neighbours.size());
        if (n > 0) {
            MatchScorer scorer = model.scorer().orElseThrow(() -> new ApiError(501, "rerank needs the matching head,"
                    + " which the model lacks (a TvltForPreTraining checkpoint with matching_head.* weights has it)"));
            for (Neighbour neighbour : neighbours.subList(0, n)) {
                if (System.nanoTime() > RouteTable.deadline(ctx)) {
                    throw ApiError.retryLater(503, "the request did not finish within the server's deadline", 1);
                }
                reranked.add(new Hit(neighbour, score(scorer, neighbour.id(), queryAudio)));
            }
            reranked.sort(Comparator.comparing((Hit h) -> -h.match()));
        }
        for (Neighbour neighbour : neighbours.subList(n, neighbours.size())) {
            reranked.add(new Hit(neighbour, null));
        }
        return reranked;
    }

    private float score(MatchScorer scorer, String id, Path queryAudio) {
        ClipSource clip = index.media(id).orElseThrow(() -> unknownClip(id));
        try {
            return scorer.score(clip.video(), queryAudio).probability();
        } catch (TvltException e) {
            throw new ApiError(409, "cannot rerank with clip '" + printable(id) + "': its media in the index cannot be"
                    + " read (" + ErrorMessages.describe(e) + "); rebuild the index or search without rerank");
        }
    }

    private void send(Context ctx, String queryId, float[] vector, List<Hit> hits) {
        ObjectNode body = JsonResponses.object();
        ObjectNode query = body.putObject("query");
        if (queryId != null) {
            query.put("id", queryId);
        }
        query.put("dims", vector.length).put("pooling", index.model().pooling().cliName());
        ArrayNode values = query.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        ArrayNode results = body.putArray("results");
        for (Hit hit : hits) {
            String id = hit.neighbour().id();
            ObjectNode result = results.addObject().put("id", id).put("score", hit.neighbour().cosine())
                    .put("thumbnail", "/thumbnail?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            if (hit.match() != null) {
                result.put("match", hit.match());
            }
        }
        JsonResponses.send(ctx, body);
    }

    private ClipIndex requireIndex() {
        if (index == null) {
            throw new ApiError(404, "this server has no index: start it with 'tvlt serve --index INDEX' (build one"
                    + " with 'tvlt index DIR --model M --out INDEX')");
        }
        return index;
    }

    private static ApiError unknownClip(String id) {
        return new ApiError(404, "no clip '" + printable(id) + "' in the index");
    }

    private static String requiredParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("query parameter '" + name + "' is required");
        }
        return value;
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' must be an integer, got '" + printable(value)
                    + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiError.badRequest("query parameter '" + name + "' must be " + min + " to " + max + ", got "
                    + parsed);
        }
        return parsed;
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() {
        if (index != null) {
            index.close();
        }
    }
}
