/**
 * {@code tvlt serve}: an HTTP service over the pipeline (Javalin on Jetty). {@link
 * ai.tvlt.examples.cli.serve.TvltServer} owns the server, its limits and its shutdown; routes come in groups,
 * each a {@link ai.tvlt.examples.cli.serve.ServerRoutes} added to a {@link
 * ai.tvlt.examples.cli.serve.RouteTable} (which wraps every handler with the deadline, shutdown and metrics
 * rules and remembers the route for {@code /openapi.json}). Uploads are only ever read as bytes into a
 * private temporary folder ({@link ai.tvlt.examples.cli.serve.ClipUpload}); errors are JSON
 * {@code {"error": "..."}} ({@link ai.tvlt.examples.cli.serve.ApiError}).
 */
package ai.tvlt.examples.cli.serve;
