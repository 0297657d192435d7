package ai.tvlt.examples.cli.serve;

/**
 * A group of routes of {@code tvlt serve} (say the clip routes, or the search routes of an index), given to
 * {@link TvltServer#start}. A group adds its routes to the {@link RouteTable} when the server is built; the table wraps each handler
 * with the server's rules (shutdown, per-request deadline, metrics, JSON errors). Every route must also
 * be described in {@code openapi.json} (resource {@value RouteTable#OPENAPI_RESOURCE}); a test checks it.
 */
@FunctionalInterface
public interface ServerRoutes extends AutoCloseable {

    /**
     * Adds this group's routes. The table also gives the served model ({@link RouteTable#model()}) and reads
     * clip uploads ({@link RouteTable#upload(io.javalin.http.Context)}).
     *
     * @param routes where to add this group's routes
     */
    void addTo(RouteTable routes);

    /** Frees what the group holds (say an index reader); called after the server has stopped. */
    @Override
    default void close() {
    }
}
