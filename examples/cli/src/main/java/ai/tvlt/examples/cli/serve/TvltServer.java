package ai.tvlt.examples.cli.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code tvlt serve}: Javalin (on Jetty) with the routes of its {@link ServerRoutes}
 * groups, one log line per request (logger {@value #REQUEST_LOGGER}, at INFO, which the tool's logging
 * configuration shows), JSON errors for every failure, request size limits (413) and a graceful
 * {@link #close()}: new requests get 503 while those in flight finish, then the server stops. Uploads go
 * to a private temporary folder (owner-only), one sub-folder per request, deleted after it.
 *
 * <p>Static files: when the jar holds {@value #PAGE_RESOURCES}{@code /index.html}, that folder is served at
 * {@code /} (the search page).
 */
public final class TvltServer implements AutoCloseable {

    /** The logger of the request lines. */
    public static final String REQUEST_LOGGER = "tvlt.serve";
    /** The classpath folder served at {@code /} when it holds an {@code index.html}. */
    public static final String PAGE_RESOURCES = "/ai/tvlt/examples/cli/serve/page";

    private static final Logger REQUESTS = LoggerFactory.getLogger(REQUEST_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(TvltServer.class);

    private final ServeLimits limits;
    private final ServerMetrics metrics;
    private final ServedModel model;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final Path uploads;
    private final List<ServerRoutes> groups;
    private final List<RouteTable.Route> routes = new ArrayList<>();
    private final Javalin app;
    private boolean closed;

    private TvltServer(ServedModel model, ServeLimits limits, ServerMetrics metrics, List<ServerRoutes> groups) {
        this.model = model;
        this.limits = limits;
        this.metrics = metrics;
        this.uploads = privateUploadFolder();
        List<ServerRoutes> all = new ArrayList<>();
        all.add(new ServiceRoutes(ServerInfo.of(model, limits), metrics));
        all.add(new ClipRoutes());
        all.addAll(groups);
        this.groups = List.copyOf(all);
        metrics.gauges(model::queueDepth, inFlight::count);
        this.app = Javalin.create(config -> configure(config, this.groups));
    }

    /**
     * Builds and starts a server: the service routes ({@code /health}, {@code /info}, {@code /metrics},
     * {@code /openapi.json}), the clip routes ({@code /embed}, {@code /match}, {@code /reconstruct}), then the
     * given groups.
     *
     * @param model the model to serve; the server closes it
     * @param limits address, sizes and deadlines
     * @param metrics the metrics to record into; give the same object to {@link ServedModel#load} for the
     *     batch sizes
     * @param groups more route groups (say the search routes of an index); the server closes them
     * @return the running server; close it to stop
     */
    public static TvltServer start(ServedModel model, ServeLimits limits, ServerMetrics metrics,
            List<ServerRoutes> groups) {
        TvltServer server = new TvltServer(model, limits, metrics, groups);
        try {
            server.app.start(limits.host(), limits.port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path privateUploadFolder() {
        try {
            return Files.createTempDirectory("tvlt-serve-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for uploads", e);
        } catch (UnsupportedOperationException e) {
            try {
                return Files.createTempDirectory("tvlt-serve-");
            } catch (IOException io) {
                throw new UncheckedIOException("cannot create a temporary folder for uploads", io);
            }
        }
    }

    /** @return the port the server listens on (the chosen one when the limits asked for port 0) */
    public int port() {
        return app.port();
    }

    /** @return the routes of every group, in order */
    public List<RouteTable.Route> routes() {
        return List.copyOf(routes);
    }

    private void configure(JavalinConfig config, List<ServerRoutes> groups) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = limits.maxUploadBytes();
        config.http.prefer405over404 = true;
        config.jetty.multipartConfig.cacheDirectory(uploads.toString());
        config.jetty.multipartConfig.maxFileSize(limits.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(limits.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        if (TvltServer.class.getResource(PAGE_RESOURCES + "/index.html") != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = PAGE_RESOURCES;
                files.location = Location.CLASSPATH;
            });
        }
        config.routes.before(this::refuseOversized);
        config.routes.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", e.retryAfterSeconds().toString());
            }
            JsonResponses.error(ctx, e.status(), e.getMessage());
        });
        config.routes.exception(HttpResponseException.class,
                (e, ctx) -> JsonResponses.error(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
            JsonResponses.error(ctx, 500, "unexpected internal error");
        });
        config.routes.error(404, ctx -> notFound(ctx, "no route " + ctx.method() + " " + ctx.path()));
        config.routes.error(405, ctx -> notFound(ctx, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        config.requestLogger.http(this::logRequest);
        RouteTable table = new RouteTable(config.routes, inFlight, limits, model, uploads);
        for (ServerRoutes group : groups) {
            group.addTo(table);
        }
        routes.addAll(table.routes());
    }

    /** Only error pages Javalin makes itself (no body yet) become JSON; a handler's own body stays. */
    private static void notFound(Context ctx, String message) {
        if (ctx.result() == null || ctx.result().isEmpty() || !"application/json".equals(ctx.res().getContentType())) {
            JsonResponses.send(ctx, JsonResponses.object().put("error", message));
        }
    }

    private void refuseOversized(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > limits.maxUploadBytes()) {
            ctx.header("Connection", "close");
            throw new ApiError(413, "the request body of " + length + " bytes is larger than the limit of "
                    + limits.maxUploadBytes() + " bytes");
        }
    }

    private void logRequest(Context ctx, Float millis) {
        String route = ctx.attribute(RouteTable.ROUTE_ATTRIBUTE);
        int status = ctx.status().getCode();
        metrics.request(route != null ? route : "unmatched", status, millis / 1000.0);
        REQUESTS.info(String.format(Locale.ROOT, "%s %s %d %.1f ms %s", ctx.method(), ctx.path(), status, millis,
                ctx.req().getRemoteAddr()));
    }

    /** @return the host and port, as {@code http://host:port} */
    public String url() {
        String host = limits.host().contains(":") ? "[" + limits.host() + "]" : limits.host();
        return "http://" + host + ":" + port();
    }

    /**
     * Stops gracefully: new requests get 503 while those in flight finish (at most
     * {@link ServeLimits#shutdownTimeout()}), then the server stops, the route groups and the model are
     * closed and the upload folder is deleted. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!inFlight.drain(limits.shutdownTimeout())) {
            LOG.warn("{} requests were still running after {} s; stopping anyway", inFlight.count(),
                    limits.shutdownTimeout().toSeconds());
        }
        app.stop();
        for (ServerRoutes group : groups) {
            group.close();
        }
        model.close();
        deleteUploads();
    }

    private void deleteUploads() {
        try (var files = Files.walk(uploads)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the upload folder {}: {}", uploads, e.getMessage());
        }
    }
}
