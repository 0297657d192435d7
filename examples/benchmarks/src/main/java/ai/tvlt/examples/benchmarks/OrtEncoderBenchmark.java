package ai.tvlt.examples.benchmarks;

import ai.onnxruntime.OrtException;
import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Times ONNX Runtime on the exported reference encoder ({@code reference/export_onnx.py}) with the same
 * tensor file that {@code tvlt infer --repeat N} gets, and prints the same report line,
 * {@code forward_ms median=<m> min=<a> max=<b> runs=<N>}, so that compare.sh can put both side by side.
 * The first (warm-up) forward is not timed, as in {@code tvlt infer}.
 *
 * <pre>
 * java -cp examples/benchmarks/target/benchmarks.jar ai.tvlt.examples.benchmarks.OrtEncoderBenchmark \
 *     --graph model.onnx --inputs inputs-b1.safetensors [--config model/config.json] [--threads 2] \
 *     [--iterations 3] [--compare ours.safetensors]
 * </pre>
 * {@code --compare} takes a {@code tvlt infer --out} file of the same inputs (or a golden case file) and prints
 * the largest and the mean absolute difference of {@code last_hidden_state} (both compute the same function).
 */
public final class OrtEncoderBenchmark {

    private OrtEncoderBenchmark() {
    }

    private record Options(Path graph, Path inputs, Path config, int threads, int iterations, Path compare) {
    }

    /**
     * @param args see the class comment
     * @throws OrtException when ONNX Runtime fails
     * @throws IOException when /proc/self/status cannot be read
     */
    public static void main(String[] args) throws OrtException, IOException {
        Options o = parse(args);
        TvltConfig config = o.config() == null ? TvltConfig.defaults() : TvltConfig.fromJson(o.config());
        Map<String, FloatTensor> inputs;
        try (SafetensorsFile file = SafetensorsFile.open(o.inputs())) {
            inputs = OrtEncoder.readInputs(file, config);
        }
        long t0 = System.nanoTime();
        try (OrtEncoder ort = new OrtEncoder(o.graph(), o.threads());
             OrtEncoder.Prepared prepared = ort.prepare(inputs)) {
            System.out.printf(Locale.ROOT, "onnxruntime %s, %d intra-op threads, session %.0f ms, load average %s%n",
                    ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), o.threads(),
                    (System.nanoTime() - t0) / 1e6, loadAverage());
            long s = System.nanoTime();
            FloatTensor out = ort.lastHiddenState(prepared);
            System.out.printf(Locale.ROOT, "warmup: %.0f ms%n", (System.nanoTime() - s) / 1e6);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < o.iterations(); i++) {
                s = System.nanoTime();
                ort.lastHiddenState(prepared);
                times.add((System.nanoTime() - s) / 1e6);
                System.out.printf(Locale.ROOT, "run %d: %.0f ms, load average %s%n", i, times.get(i), loadAverage());
            }
            times.sort(Double::compare);
            System.out.printf(Locale.ROOT, "peak RSS %s%n", peakRss());
            System.out.printf(Locale.ROOT, "forward_ms median=%.1f min=%.1f max=%.1f runs=%d%n",
                    times.get(times.size() / 2), times.get(0), times.get(times.size() - 1), times.size());
            if (o.compare() != null) {
                compare(out, o.compare());
            }
        }
    }

    private static void compare(FloatTensor ort, Path oursFile) {
        try (SafetensorsFile ours = SafetensorsFile.open(oursFile)) {
            String key = Stream.of("output.last_hidden_state", "expected.last_hidden_state", "last_hidden_state")
                    .filter(ours::contains).findFirst().orElseThrow(() -> new IllegalArgumentException(oursFile
                            + " has no output.last_hidden_state, expected.last_hidden_state or last_hidden_state"));
            float[] theirs = ours.readFloats(key);
            float[] mine = ort.data();
            if (theirs.length != mine.length) {
                throw new IllegalArgumentException(oursFile + ": '" + key + "' has " + theirs.length
                        + " values, ONNX Runtime produced " + mine.length);
            }
            double max = 0;
            double sum = 0;
            for (int i = 0; i < mine.length; i++) {
                double d = Math.abs(mine[i] - theirs[i]);
                max = Math.max(max, d);
                sum += d;
            }
            System.out.printf(Locale.ROOT, "last_hidden_state vs %s: max abs difference %.2e, mean %.2e%n",
                    oursFile.getFileName(), max, sum / mine.length);
        }
    }

    private static Options parse(String[] args) {
        Path graph = null;
        Path inputs = null;
        Path config = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int iterations = 3;
        Path compare = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--graph" -> graph = Path.of(value);
                case "--inputs" -> inputs = Path.of(value);
                case "--config" -> config = Path.of(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--compare" -> compare = Path.of(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --graph FILE "
                        + "--inputs FILE [--config FILE] [--threads N] [--iterations N] [--compare FILE])");
            }
            i++;
        }
        if (graph == null || inputs == null) {
            throw new IllegalArgumentException("--graph and --inputs are required");
        }
        if (iterations < 1 || threads < 1) {
            throw new IllegalArgumentException("--iterations and --threads must be at least 1");
        }
        return new Options(graph, inputs, config, threads, iterations, compare);
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return String.format(Locale.ROOT, "%.0f MB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
            }
        }
        return "n/a";
    }
}
