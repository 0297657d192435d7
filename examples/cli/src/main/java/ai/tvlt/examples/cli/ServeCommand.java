package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.index.ClipIndex;
import ai.tvlt.examples.cli.index.IndexedModel;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.examples.cli.model.PoolingOption;
import ai.tvlt.examples.cli.model.PrecisionOption;
import ai.tvlt.examples.cli.model.ThreadsOption;
import ai.tvlt.examples.cli.preprocess.DecodeTimeoutOption;
import ai.tvlt.examples.cli.serve.ModelDescription;
import ai.tvlt.examples.cli.serve.SearchRoutes;
import ai.tvlt.examples.cli.serve.ServeLimits;
import ai.tvlt.examples.cli.serve.ServedModel;
import ai.tvlt.examples.cli.serve.ServerMetrics;
import ai.tvlt.examples.cli.serve.ServerRoutes;
import ai.tvlt.examples.cli.serve.TvltServer;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelReference;
import ai.tvlt.weights.hub.ModelResolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt serve}: an HTTP embedding service ({@link TvltServer}) until the process is stopped; SIGTERM
 * (or Ctrl-C) stops it gracefully, letting the requests in flight finish.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a TVLT model over HTTP: POST /embed (batched across concurrent requests), /match and"
                + " /reconstruct take a multipart upload (part 'clip': a video file with its sound track, or parts"
                + " 'video' and 'audio'); GET /health, /info, /metrics (Prometheus), /openapi.json. With --index:"
                + " POST /search, GET /search?id=, GET /thumbnail?id= and a search page at /."},
        footer = {"", "Binds 127.0.0.1 (this machine only) unless --host says otherwise. One log line per request on"
                + " stderr. Errors are JSON {\"error\": \"...\"}: 400 bad upload, 413 too large, 429 queue full"
                + " (Retry-After), 503 past the deadline or shutting down.", "", "Examples:",
            "  tvlt serve --model ZinengTang/tvlt-base --port 8080",
            "  curl -F clip=@clip.mp4 http://127.0.0.1:8080/embed",
            "  tvlt index clips --model ZinengTang/tvlt-base --out clips.idx",
            "  tvlt serve --model ZinengTang/tvlt-base --index clips.idx   # then open http://127.0.0.1:8080/"})
public final class ServeCommand implements Callable<Integer> {

    private static final String HEADLESS = "java.awt.headless";

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private PoolingOption pooling;

    @Mixin
    private PrecisionOption precision;

    @Mixin
    private DecodeTimeoutOption decodeTimeout;

    @Option(names = "--index", paramLabel = "INDEX",
            description = "Search this index (built by 'tvlt index' with the same model): POST /search,"
                    + " GET /search?id=, GET /thumbnail?id= and the search page at /.")
    private Path index;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ServeLimits.DEFAULT_HOST,
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServeLimits.DEFAULT_PORT,
            description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one, printed at start).")
    private int port;

    @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "100",
            description = "Largest request body in MB (10^6 bytes; default ${DEFAULT-VALUE}); larger ones get 413.")
    private int maxUploadMb;

    @Option(names = "--max-batch-size", paramLabel = "N", defaultValue = "8",
            description = "Most clips per batched forward of /embed (default ${DEFAULT-VALUE}; 1 turns batching off).")
    private int maxBatchSize;

    @Option(names = "--max-batch-wait-ms", paramLabel = "MS", defaultValue = "10",
            description = "How long a batch waits for more clips after its first (default ${DEFAULT-VALUE}).")
    private int maxBatchWaitMs;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "64",
            description = "Most clips waiting for a batch (default ${DEFAULT-VALUE}); more get 429 with Retry-After.")
    private int maxQueue;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Deadline of one request (default ${DEFAULT-VALUE}); past it the answer is 503.")
    private int requestTimeout;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a shutdown waits for requests in flight (default ${DEFAULT-VALUE}).")
    private int shutdownTimeout;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public ServeCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() throws InterruptedException {
        ServeLimits limits = limits();
        if (System.getProperty(HEADLESS) == null) {
            System.setProperty(HEADLESS, "true");
        }
        Path folder = model.folder();
        ServerMetrics metrics = new ServerMetrics();
        EmbedderOptions options = EmbedderOptions.builder().pooling(pooling.pooling()).decodeTimeout(decodeTimeout.timeout())
                .load(threads.loadOptions(precision.precision())).build();
        List<ServerRoutes> groups = new ArrayList<>();
        ClipIndex opened = index != null ? ClipIndex.open(index) : null;
        ServedModel served;
        try {
            served = ServedModel.load(description(folder), folder, options, limits, metrics::batch);
            if (opened != null) {
                opened.model().requireSameAs(IndexedModel.of(model.reference().orElseThrow().toString(), folder,
                        pooling.pooling(), served.embedder().dimension()), index);
            }
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        groups.add(opened != null ? SearchRoutes.of(opened) : SearchRoutes.withoutIndex());
        TvltServer server = TvltServer.start(served, limits, metrics, groups);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tvlt-serve-shutdown"));
        PrintWriter err = spec.commandLine().getErr();
        err.println("tvlt: serve: listening on " + server.url() + " (model " + folder
                + (opened != null ? ", index " + index + " of " + opened.size() + " clips" : "") + ")");
        err.flush();
        stopped.await();
        return 0;
    }

    private ServeLimits limits() {
        OptionRange.check(spec, "--port", port, 0, 65535);
        OptionRange.check(spec, "--max-upload-mb", maxUploadMb, 1, 1_000_000);
        OptionRange.check(spec, "--max-batch-size", maxBatchSize, 1, 1024);
        OptionRange.check(spec, "--max-batch-wait-ms", maxBatchWaitMs, 0, 60_000);
        OptionRange.check(spec, "--max-queue", maxQueue, 1, 1_000_000);
        OptionRange.check(spec, "--request-timeout", requestTimeout, 1, 86_400);
        OptionRange.check(spec, "--shutdown-timeout", shutdownTimeout, 0, 86_400);
        return new ServeLimits(host, port, maxUploadMb * 1_000_000L, maxBatchSize, Duration.ofMillis(maxBatchWaitMs),
                maxQueue, Duration.ofSeconds(requestTimeout), Duration.ofSeconds(shutdownTimeout));
    }

    private ModelDescription description(Path folder) {
        ModelReference reference = model.reference().orElseThrow();
        boolean hub = reference instanceof ModelReference.Repo;
        return new ModelDescription(reference.toString(), hub ? folder.getFileName().toString() : null);
    }
}
