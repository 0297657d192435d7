package ai.tvlt.examples.cli.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics, in a registry of its own (not the process-wide default): requests and
 * errors by route and status, request latency by route, batch sizes, queue depth and requests in flight.
 * Served as the Prometheus text format by {@code GET /metrics}. Thread-safe.
 */
public final class ServerMetrics {

    private static final double[] LATENCY_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("tvlt_http_requests")
            .help("HTTP requests answered, by route and status").labelNames("route", "status").register(registry);
    private final Counter errors = Counter.builder().name("tvlt_http_errors")
            .help("HTTP requests answered with a 4xx or 5xx status, by route and status")
            .labelNames("route", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("tvlt_http_request_duration_seconds")
            .help("Time to answer a request, by route").labelNames("route").classicOnly()
            .classicUpperBounds(LATENCY_SECONDS).register(registry);
    private final Histogram batchSizes = Histogram.builder().name("tvlt_batch_size")
            .help("Clips per batched forward of /embed").classicOnly().classicUpperBounds(BATCH_SIZES)
            .register(registry);

    /**
     * Registers the gauges read at each scrape (once per server).
     *
     * @param queueDepth the clips waiting for a batch
     * @param inFlight the requests being answered
     */
    void gauges(IntSupplier queueDepth, IntSupplier inFlight) {
        GaugeWithCallback.builder().name("tvlt_batch_queue_depth").help("Clips waiting for a batched forward")
                .callback(cb -> cb.call(queueDepth.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("tvlt_http_requests_in_flight").help("Requests being answered")
                .callback(cb -> cb.call(inFlight.getAsInt())).register(registry);
    }

    /**
     * @param route the route ({@code POST /embed}), or {@code unmatched}
     * @param status the status answered
     * @param seconds the time taken
     */
    void request(String route, int status, double seconds) {
        String code = Integer.toString(status);
        requests.labelValues(route, code).inc();
        if (status >= 400) {
            errors.labelValues(route, code).inc();
        }
        latency.labelValues(route).observe(seconds);
    }

    /** @param size the clips of a batch about to run */
    public void batch(int size) {
        batchSizes.observe(size);
    }

    /** @return the content type of {@link #scrape()} */
    String contentType() {
        return writer.getContentType();
    }

    /** @return every metric in the Prometheus text format */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
