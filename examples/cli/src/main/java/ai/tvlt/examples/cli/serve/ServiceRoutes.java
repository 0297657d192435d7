package ai.tvlt.examples.cli.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The routes about the service itself: {@code GET /health} (200 while the model is loaded and the server
 * is not shutting down), {@code GET /info} (model, revision, dimensions, pooling, precision, version, limits),
 * {@code GET /metrics} (Prometheus text format) and {@code GET /openapi.json}.
 */
final class ServiceRoutes implements ServerRoutes {

    private final ObjectNode info;
    private final ServerMetrics metrics;
    private final byte[] openApi;

    /**
     * @param info the body of {@code /info}
     * @param metrics the server's metrics
     */
    ServiceRoutes(ObjectNode info, ServerMetrics metrics) {
        this.info = info;
        this.metrics = metrics;
        this.openApi = resource(RouteTable.OPENAPI_RESOURCE);
    }

    @Override
    public void addTo(RouteTable routes) {
        routes.get("/health", ctx -> JsonResponses.send(ctx, JsonResponses.object().put("status", "ok")))
                .get("/info", ctx -> JsonResponses.send(ctx, info))
                .get("/metrics", this::metrics)
                .get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void metrics(Context ctx) {
        ctx.contentType(metrics.contentType()).result(metrics.scrape());
    }

    private static byte[] resource(String name) {
        try (InputStream in = ServiceRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
