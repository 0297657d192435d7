package ai.tvlt.examples.cli.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where route groups ({@link ServerRoutes}) add their routes. Each handler is wrapped: a request that
 * arrives while the server shuts down gets 503, a request in flight is counted (shutdown waits for it),
 * and its deadline ({@link #deadline(Context)}) and route name (for the metrics and the log) are set. The
 * table remembers every route, so that a test can check that {@code openapi.json} describes each.
 * Used while the server is built, on one thread.
 */
public final class RouteTable {

    /** The classpath resource of the OpenAPI description served at {@code /openapi.json}. */
    public static final String OPENAPI_RESOURCE = "/ai/tvlt/examples/cli/serve/openapi.json";

    static final String ROUTE_ATTRIBUTE = "tvlt.route";
    private static final String DEADLINE_ATTRIBUTE = "tvlt.deadline";

    private final RoutesConfig config;
    private final InFlightRequests inFlight;
    private final ServeLimits limits;
    private final ServedModel model;
    private final Path uploads;
    private final List<Route> routes = new ArrayList<>();

    RouteTable(RoutesConfig config, InFlightRequests inFlight, ServeLimits limits, ServedModel model, Path uploads) {
        this.config = config;
        this.inFlight = inFlight;
        this.limits = limits;
        this.model = model;
        this.uploads = uploads;
    }

    /** @return the served model (embedder behind the batch queue, heads) */
    public ServedModel model() {
        return model;
    }

    /** @return the server's limits */
    public ServeLimits limits() {
        return limits;
    }

    /**
     * Reads the clip of a multipart request into a private temporary folder ({@link ClipUpload}: part
     * {@code clip}, or parts {@code video} and {@code audio}); use it in try-with-resources.
     *
     * @param ctx the request
     * @return the upload, deleted by its {@code close()}
     * @throws ApiError 400 when the request is not such an upload, 413 when it is too large
     */
    public ClipUpload upload(Context ctx) {
        return ClipUpload.read(ctx, uploads, limits.maxUploadBytes());
    }

    /**
     * A route: method and path as Javalin matches them.
     *
     * @param method GET or POST
     * @param path the path, e.g. {@code /embed}
     */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * @param path the path
     * @param handler answers the request (throw {@link ApiError} for an error answer)
     * @return this table
     */
    public RouteTable get(String path, Handler handler) {
        Route route = new Route("GET", path);
        config.get(path, wrap(route, handler));
        routes.add(route);
        return this;
    }

    /**
     * @param path the path
     * @param handler answers the request (throw {@link ApiError} for an error answer)
     * @return this table
     */
    public RouteTable post(String path, Handler handler) {
        Route route = new Route("POST", path);
        config.post(path, wrap(route, handler));
        routes.add(route);
        return this;
    }

    /** @return the routes added so far, in order */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * @param ctx a request of a route of this table
     * @return when its time is up, in {@link System#nanoTime()} terms
     */
    public static long deadline(Context ctx) {
        Long deadline = ctx.attribute(DEADLINE_ATTRIBUTE);
        return deadline != null ? deadline : Long.MAX_VALUE;
    }

    private Handler wrap(Route route, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE_ATTRIBUTE, route.toString());
            ctx.attribute(DEADLINE_ATTRIBUTE, System.nanoTime() + limits.requestTimeout().toNanos());
            inFlight.enter();
            try {
                handler.handle(ctx);
            } finally {
                inFlight.exit();
            }
        };
    }
}
