package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.models.testing.RandomWeights;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of {@code tvlt serve} ({@code POST /embed}) in clips per second at several numbers of
 * concurrent clients, with batching ({@code --max-batch-size 8}) and without ({@code --max-batch-size 1}),
 * and the peak RSS of each server. Both servers run as child processes of the jar a user runs
 * ({@code java -jar tvlt.jar serve ...}, inheriting this process's environment) and are measured in
 * interleaved windows (rounds x client counts x {no batching, batching}), so a load change on the machine
 * hits both; only one server is busy at a time. Each of N clients posts the same clip {@code --requests}
 * times in a row (decode + forward on the server, as in production); the rate is N x requests over the wall
 * time until the last answer.
 *
 * <pre>
 * ffmpeg -f lavfi -i testsrc2=size=320x240:rate=25:duration=4 -f lavfi -i sine=frequency=440:duration=4 \
 *     -c:v libx264 -pix_fmt yuv420p -c:a aac -ac 2 /tmp/serve-clip.mp4
 * env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.ServeBenchmark --jar examples/cli/target/tvlt.jar --clip /tmp/serve-clip.mp4 \
 *     [--model DIR] [--clients 1,4,16] [--requests 3] [--rounds 2] [--batch 8]
 * </pre>
 *
 * Without {@code --model}, a tvlt-base-sized checkpoint of seeded random weights ({@link RandomWeights},
 * {@link TvltConfig#defaults()}) is written once to {@code target/serve-benchmark-model}.
 */
public final class ServeBenchmark {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final String BOUNDARY = "tvlt-serve-benchmark";

    private ServeBenchmark() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when a server does not start or a request fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path jar = Path.of(o.getOrDefault("--jar", "examples/cli/target/tvlt.jar"));
        Path clip = Path.of(required(o, "--clip"));
        Path model = o.containsKey("--model") ? Path.of(o.get("--model")) : randomBaseModel(Path.of("target/serve-benchmark-model"));
        int[] clients = List.of(o.getOrDefault("--clients", "1,4,16").split(",")).stream().mapToInt(Integer::parseInt).toArray();
        int requests = Integer.parseInt(o.getOrDefault("--requests", "3"));
        int rounds = Integer.parseInt(o.getOrDefault("--rounds", "2"));
        String batch = o.getOrDefault("--batch", "8");
        byte[] body = multipart(Files.readAllBytes(clip), clip.getFileName().toString());
        System.out.printf(Locale.ROOT, "# load average at start: %s%n", loadAverage());
        Map<String, Server> servers = new LinkedHashMap<>();
        servers.put("no batching (max batch 1)", Server.start(jar, model, "1"));
        servers.put("batching (max batch " + batch + ")", Server.start(jar, model, batch));
        Thread stopServers = new Thread(() -> servers.values().forEach(Server::stopQuietly));
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            HttpClient http = HttpClient.newBuilder().build();
            for (Server server : servers.values()) {
                for (int i = 0; i < 2; i++) {
                    post(http, server.url, body);
                }
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (int n : clients) {
                    for (Map.Entry<String, Server> server : servers.entrySet()) {
                        double rate = measure(http, server.getValue().url, body, n, requests);
                        rates.computeIfAbsent(server.getKey() + "|" + n, k -> new ArrayList<>()).add(rate);
                        System.out.printf(Locale.ROOT, "round %d, %2d clients, %-28s %6.2f clips/s (load %s)%n", round,
                                n, server.getKey() + ":", rate, loadAverage());
                    }
                }
            }
            System.out.println();
            System.out.println("| clients | " + String.join(" | ", servers.keySet()) + " | ratio |");
            System.out.println("|---|---|---|---|");
            List<String> names = new ArrayList<>(servers.keySet());
            for (int n : clients) {
                double a = mean(rates.get(names.get(0) + "|" + n));
                double b = mean(rates.get(names.get(1) + "|" + n));
                System.out.printf(Locale.ROOT, "| %d | %.2f clips/s | %.2f clips/s | %.2fx |%n", n, a, b, b / a);
            }
            for (Map.Entry<String, Server> server : servers.entrySet()) {
                System.out.printf(Locale.ROOT, "peak RSS, %s: %.0f MB%n", server.getKey(), server.getValue().peakRssMb());
            }
        } finally {
            for (Server server : servers.values()) {
                server.stop();
            }
        }
    }

    /** Clips per second answered to {@code clients} threads posting {@code requests} clips each. */
    private static double measure(HttpClient http, URI url, byte[] body, int clients, int requests) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(CompletableFuture.runAsync(() -> {
                for (int r = 0; r < requests; r++) {
                    post(http, url, body);
                }
            }, r -> new Thread(r).start()));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
        return clients * requests / ((System.nanoTime() - start) / 1e9);
    }

    private static void post(HttpClient http, URI url, byte[] body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/embed"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /embed answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] multipart(byte[] clip, String filename) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"clip\"; filename=\"" + filename
                + "\"\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(clip);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A checkpoint folder of tvlt-base size with seeded random encoder weights, written once. */
    private static Path randomBaseModel(Path dir) throws IOException {
        Path weights = dir.resolve("model.safetensors");
        if (Files.isRegularFile(weights)) {
            return dir;
        }
        Files.createDirectories(dir);
        TvltConfig config = TvltConfig.defaults();
        SafetensorsWriter writer = new SafetensorsWriter();
        try (RandomWeights random = new RandomWeights(config, 42)) {
            for (String name : random.names()) {
                TensorInfo info = random.info(name);
                writer.put(name, info.dtype(), info.shape(), random.rawData(name));
            }
        }
        Files.writeString(dir.resolve("config.json"), config.toJson());
        writer.write(weights);
        return dir;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name + " (see the class comment)");
        }
        return value;
    }

    /** A {@code tvlt serve} child process on a free port. */
    private record Server(Process process, URI url) {

        static Server start(Path jar, Path model, String maxBatch) throws IOException {
            Process process = new ProcessBuilder("java", "-jar", jar.toString(), "serve", "--model", model.toString(),
                    "--port", "0", "--max-batch-size", maxBatch, "--max-queue", "256", "--request-timeout", "600")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = err.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    URI url = URI.create(m.group(1));
                    Thread drain = new Thread(() -> err.lines().forEach(l -> { }));
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(process, url);
                }
                System.err.println("server: " + line);
            }
            throw new IllegalStateException("the server exited before listening (status " + waitFor(process) + ")");
        }

        /** @return VmHWM, the process's peak resident set size */
        double peakRssMb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }

        void stopQuietly() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the server's graceful shutdown
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private static int waitFor(Process process) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }
}
