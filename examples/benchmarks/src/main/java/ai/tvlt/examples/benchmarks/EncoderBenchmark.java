package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.BlasKernel;
import ai.tvlt.models.testing.RandomWeights;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Timing harness for {@link TvltModel#forward} on the tvlt-base shape (768 wide, 12 layers, 12 heads,
 * 3072 MLP) with random weights: by default 8 frames of 224x224 and a 10 s clip (864x128 spectrogram, 861
 * valid rows), i.e. 1 + 1568 + 432 = 2001 tokens per sample. Prints ms per forward, GFLOP/s, the
 * process CPU time (which other processes on a shared machine do not inflate) with the load average,
 * and the peak resident set (VmHWM).
 *
 * <p>{@code --rss-forwards N} instead runs N forwards back to back and reports the resident set after
 * each tenth and its drift (last against the one after the warm-up), to show that repeated forwards
 * allocate no growing native memory; {@code --frames} and {@code --audio-rows} shrink the input so
 * that many forwards fit in a few minutes.
 *
 * <pre>
 * mvn -o -q -B -pl examples/benchmarks -am package -DskipTests
 * java -Xmx2g -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.EncoderBenchmark [--batch 1,4] [--warmup 1] [--iterations 3] \
 *     [--frames 8] [--audio-rows 864] [--rss-forwards 200] [--threads N]
 * </pre>
 * The side-by-side figures (against ONNX Runtime and the PyTorch reference, same weights and inputs) come from
 * {@code reference/compare.sh}, which times {@code tvlt infer --repeat N} instead.
 */
public final class EncoderBenchmark {

    private EncoderBenchmark() {
    }

    /** What to run. */
    private record Options(int[] batches, int warmup, int iterations, int frames, int audioRows, int rssForwards,
            int threads) {
    }

    /**
     * @param args see the class comment
     * @throws IOException when /proc/self/status cannot be read
     */
    public static void main(String[] args) throws IOException {
        Options o = parse(args);
        TvltConfig config = TvltConfig.defaults();
        System.out.printf("threads %s, BLAS %s, OPENBLAS_CORETYPE=%s, load average %s%n",
                o.threads() == 0 ? "default" : o.threads(), BlasKernel.describe(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"), loadAverage());
        LoadOptions load = o.threads() == 0 ? LoadOptions.defaults() : LoadOptions.builder().threads(o.threads()).build();
        long t0 = System.nanoTime();
        try (TvltModel model = TvltModel.create(config, new RandomWeights(config, 42), "", load)) {
            System.out.printf("load %.0f ms, RSS after load %s%n", (System.nanoTime() - t0) / 1e6, rss("VmRSS"));
            for (int batch : o.batches()) {
                TvltModelInput input = input(config, batch, o.frames(), o.audioRows());
                if (o.rssForwards() > 0) {
                    rssDrift(model, input, o.rssForwards());
                } else {
                    time(model, config, input, batch, o);
                }
            }
        }
        System.out.println("peak RSS " + rss("VmHWM"));
    }

    private static Options parse(String[] args) {
        int[] batches = {1};
        int warmup = 1;
        int iterations = 3;
        int frames = 8;
        int audioRows = 864;
        int rssForwards = 0;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--audio-rows" -> audioRows = Integer.parseInt(args[++i]);
                case "--rss-forwards" -> rssForwards = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --batch 1,4 "
                        + "--warmup N --iterations N --frames N --audio-rows N --rss-forwards N --threads N)");
            }
        }
        return new Options(batches, warmup, iterations, frames, audioRows, rssForwards, threads);
    }

    /**
     * Random pixels and a spectrogram of {@code audioRows} time rows, all but the last 3 valid (861 of
     * 864 for a 10 s clip), with the matching pixel and audio masks.
     */
    static TvltModelInput input(TvltConfig config, int batch, int frames, int audioRows) {
        int freq = config.frequencyLength();
        int size = config.imageSize();
        int pixelTokens = frames * config.numPixelPatchesPerFrame();
        int audioTokens = (audioRows / 16) * (freq / 16);
        int validRows = Math.max(1, audioRows - 3);
        int validAudio = Math.min(audioTokens, (int) Math.ceil(validRows / 16.0) * (freq / 16));
        SplittableRandom random = new SplittableRandom(7);
        float[] pixels = new float[batch * frames * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] audio = new float[batch * audioRows * freq];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (i % (audioRows * freq)) / freq < validRows ? (float) (random.nextDouble() * 2 - 1) : 0f;
        }
        float[] pixelMask = new float[batch * pixelTokens];
        Arrays.fill(pixelMask, 1f);
        float[] audioMask = new float[batch * audioTokens];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(audioMask, b * audioTokens, b * audioTokens + validAudio, 1f);
        }
        return TvltModelInput.builder()
                .pixelValues(FloatTensor.wrap(pixels, batch, frames, 3, size, size))
                .audioValues(FloatTensor.wrap(audio, batch, 1, audioRows, freq))
                .pixelMask(FloatTensor.wrap(pixelMask, batch, pixelTokens))
                .audioMask(FloatTensor.wrap(audioMask, batch, audioTokens))
                .build();
    }

    private static void time(TvltModel model, TvltConfig config, TvltModelInput input, int batch, Options o)
            throws IOException {
        int pixelTokens = (int) input.inputs().pixelMask().orElseThrow().dim(1);
        int audioTokens = (int) input.inputs().audioMask().orElseThrow().dim(1);
        int seq = 1 + pixelTokens + audioTokens;
        double flops = flops(config, batch, seq, pixelTokens, audioTokens);
        for (int i = 0; i < o.warmup(); i++) {
            long s = System.nanoTime();
            model.forward(input);
            System.out.printf("batch %d warmup %d: %.0f ms%n", batch, i, (System.nanoTime() - s) / 1e6);
        }
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        for (int i = 0; i < o.iterations(); i++) {
            long cpu0 = processCpuNanos();
            long s = System.nanoTime();
            model.forward(input);
            double ms = (System.nanoTime() - s) / 1e6;
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            times.add(ms);
            cpuTimes.add(cpuMs);
            System.out.printf("batch %d run %d: %.0f ms, %.1f GFLOP/s, process CPU %.0f ms (%.2f cores), RSS %s, "
                    + "load average %s%n", batch, i, ms, flops / ms / 1e6, cpuMs, cpuMs / ms, rss("VmRSS"), loadAverage());
        }
        times.sort(Double::compare);
        cpuTimes.sort(Double::compare);
        double median = times.get(times.size() / 2);
        System.out.printf("batch %d tokens %d: median %.0f ms (min %.0f, max %.0f) per forward, %.3f TFLOP, "
                + "%.1f GFLOP/s, median process CPU %.0f ms, peak RSS %s%n", batch, seq, median, times.get(0),
                times.get(times.size() - 1), flops / 1e12, flops / median / 1e6, cpuTimes.get(cpuTimes.size() / 2),
                rss("VmHWM"));
    }

    /** Runs {@code forwards} forwards and prints the resident set every tenth forward and its drift. */
    private static void rssDrift(TvltModel model, TvltModelInput input, int forwards) throws IOException {
        int warmup = Math.min(10, forwards);
        long start = System.nanoTime();
        long afterWarmup = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 1; i <= forwards; i++) {
            model.forward(input);
            long kb = rssKb("VmRSS");
            if (i == warmup) {
                afterWarmup = kb;
            }
            if (i >= warmup) {
                min = Math.min(min, kb);
                max = Math.max(max, kb);
            }
            if (i % 10 == 0 || i == forwards) {
                System.out.printf("forward %d: RSS %.0f MB (Java heap committed %.0f MB)%n", i, kb / 1024.0,
                        Runtime.getRuntime().totalMemory() / 1048576.0);
            }
        }
        long last = rssKb("VmRSS");
        System.out.printf("%d forwards in %.0f s: RSS after forward %d %.0f MB, after forward %d %.0f MB, drift %+.1f%%, "
                + "range over forwards %d..%d %.0f-%.0f MB (%.1f%%), peak RSS %s, load average %s%n", forwards,
                (System.nanoTime() - start) / 1e9, warmup, afterWarmup / 1024.0, forwards, last / 1024.0,
                100.0 * (last - afterWarmup) / afterWarmup, warmup, forwards, min / 1024.0, max / 1024.0,
                100.0 * (max - min) / min, rss("VmHWM"), loadAverage());
    }

    /** Multiply-adds x2 of the patch projections, the 12 layers' linear maps and attention products. */
    static double flops(TvltConfig c, int batch, int seq, int pixelTokens, int audioTokens) {
        double d = c.hiddenSize();
        double inter = c.intermediateSize();
        double linear = 2.0 * seq * (4 * d * d + 2 * d * inter);
        double attention = 4.0 * seq * (double) seq * d;
        double patches = 2.0 * d * (pixelTokens * 3 * 256.0 + audioTokens * 256.0);
        return batch * (c.numHiddenLayers() * (linear + attention) + patches);
    }

    /** CPU time of this process (all threads). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    /** The machine's 1-minute load average: other processes on a shared machine slow every number here. */
    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static String rss(String field) throws IOException {
        long kb = rssKb(field);
        return kb < 0 ? "n/a" : String.format("%.0f MB", kb / 1024.0);
    }

    private static long rssKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
