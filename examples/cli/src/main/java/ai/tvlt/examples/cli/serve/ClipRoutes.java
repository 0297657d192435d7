package ai.tvlt.examples.cli.serve;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.examples.cli.heads.GridLayout;
import ai.tvlt.examples.cli.heads.ReconstructionGrid;
import ai.tvlt.models.pipeline.MatchScore;
import ai.tvlt.models.pipeline.MatchScorer;
import ai.tvlt.models.pipeline.Reconstruction;
import ai.tvlt.models.pipeline.Reconstructor;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The routes that take an uploaded clip ({@link ClipUpload}: part {@code clip}, or parts {@code video} and
 * {@code audio}): {@code POST /embed} (the vector, as {@code tvlt embed} gives it; batched with concurrent
 * requests), {@code POST /match} (the matching head's probability and logit) and {@code POST /reconstruct}
 * (the MAE reconstruction as a PNG, as {@code tvlt reconstruct} draws it; query parameters {@code seed},
 * {@code scale}, {@code all_predicted}). {@code /match} and {@code /reconstruct} answer 501 when the
 * checkpoint lacks the head.
 */
final class ClipRoutes implements ServerRoutes {

    private ServedModel model;
    private RouteTable table;

    @Override
    public void addTo(RouteTable routes) {
        this.model = routes.model();
        this.table = routes;
        routes.post("/embed", this::embed).post("/match", this::match).post("/reconstruct", this::reconstruct);
    }

    private ClipUpload upload(Context ctx) {
        return table.upload(ctx);
    }

    private void embed(Context ctx) {
        float[] vector;
        try (ClipUpload upload = upload(ctx)) {
            vector = model.embed(upload, RouteTable.deadline(ctx));
        }
        ObjectNode body = JsonResponses.object();
        ArrayNode values = body.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        body.put("dims", vector.length);
        body.put("pooling", model.embedder().options().pooling().cliName());
        JsonResponses.send(ctx, body);
    }

    private void match(Context ctx) {
        MatchScorer scorer = model.scorer().orElseThrow(() -> new ApiError(501,
                "the model has no matching head (a TvltForPreTraining checkpoint with matching_head.* weights has)"));
        MatchScore score;
        try (ClipUpload upload = upload(ctx)) {
            try {
                score = scorer.score(clipInputs(scorer.media()::clip, scorer.media()::clip, upload));
            } catch (RuntimeException e) {
                throw e instanceof ApiError api ? api : ServedModel.failure(e, upload);
            }
        }
        JsonResponses.send(ctx, JsonResponses.object().put("probability", score.probability())
                .put("logit", score.logit()));
    }

    private void reconstruct(Context ctx) {
        Reconstructor reconstructor = model.reconstructor().orElseThrow(() -> new ApiError(501,
                "the model has no MAE decoder (a TvltForPreTraining checkpoint with the decoder weights has)"));
        long seed = longParam(ctx, "seed", 0);
        int scale = (int) longParam(ctx, "scale", 1);
        if (scale < 1 || scale > GridLayout.MAX_SCALE) {
            throw ApiError.badRequest("query parameter 'scale' must be 1 to " + GridLayout.MAX_SCALE + ", got " + scale);
        }
        boolean allPredicted = Boolean.parseBoolean(ctx.queryParam("all_predicted"));
        Reconstruction reconstruction;
        try (ClipUpload upload = upload(ctx)) {
            try {
                TvltInputs clip = clipInputs(reconstructor.media()::clip, reconstructor.media()::clip, upload);
                reconstruction = reconstructor.reconstruct(clip, seed, allPredicted);
            } catch (RuntimeException e) {
                throw e instanceof ApiError api ? api : ServedModel.failure(e, upload);
            }
        }
        ReconstructionGrid grid = new ReconstructionGrid(
                reconstructor.media().processor().imageProcessor().config(), scale);
        ctx.contentType("image/png").result(png(grid.render(reconstruction)));
    }

    private static TvltInputs clipInputs(java.util.function.Function<Path, TvltInputs> whole,
            java.util.function.BiFunction<Path, Path, TvltInputs> apart, ClipUpload upload) {
        return upload.video().equals(upload.audio()) ? whole.apply(upload.video())
                : apart.apply(upload.video(), upload.audio());
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' must be an integer, got '"
                    + value.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the PNG", e);
        }
        return out.toByteArray();
    }
}
