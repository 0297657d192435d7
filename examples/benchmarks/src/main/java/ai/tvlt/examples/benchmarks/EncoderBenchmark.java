package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
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
 * 3072 MLP) with random weights: 8 frames of 224x224 and a 10 s clip (864x128 spectrogram, 861 valid
 * rows), i.e. 1 + 1568 + 432 = 2001 tokens per sample. Prints ms per forward, GFLOP/s and the peak
 * resident set (VmHWM).
 *
 * <pre>
 * mvn -o -q -B -pl examples/benchmarks -am package -DskipTests
 * OMP_NUM_THREADS=2 GOMP_SPINCOUNT=0 java -Xmx2g -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.EncoderBenchmark [--batch 1,4] [--warmup 1] [--iterations 3]
 * </pre>
 */
public final class EncoderBenchmark {

    private EncoderBenchmark() {
    }

    /**
     * @param args {@code --batch 1,4 --warmup N --iterations N}
     * @throws IOException when /proc/self/status cannot be read
     */
    public static void main(String[] args) throws IOException {
        int[] batches = {1};
        int warmup = 1;
        int iterations = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --batch 1,4 --warmup N --iterations N)");
            }
        }
        TvltConfig config = TvltConfig.defaults();
        long t0 = System.nanoTime();
        try (TvltModel model = TvltModel.create(config, new RandomWeights(config, 42), "")) {
            System.out.printf("load %.0f ms, RSS after load %s%n", (System.nanoTime() - t0) / 1e6, rss("VmRSS"));
            for (int batch : batches) {
                run(model, config, batch, warmup, iterations);
            }
        }
        System.out.println("peak RSS " + rss("VmHWM"));
    }

    private static void run(TvltModel model, TvltConfig config, int batch, int warmup, int iterations)
            throws IOException {
        int frames = 8;
        int time = 864;
        int freq = config.frequencyLength();
        int pixelTokens = frames * config.numPixelPatchesPerFrame();
        int audioTokens = (time / 16) * (freq / 16);
        int validAudio = (int) Math.ceil(861 / 16.0) * (freq / 16);
        SplittableRandom random = new SplittableRandom(7);
        float[] pixels = new float[batch * frames * 3 * 224 * 224];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] audio = new float[batch * time * freq];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (i % (time * freq)) / freq < 861 ? (float) (random.nextDouble() * 2 - 1) : 0f;
        }
        float[] pixelMask = new float[batch * pixelTokens];
        Arrays.fill(pixelMask, 1f);
        float[] audioMask = new float[batch * audioTokens];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(audioMask, b * audioTokens, b * audioTokens + validAudio, 1f);
        }
        TvltModelInput input = TvltModelInput.builder()
                .pixelValues(FloatTensor.wrap(pixels, batch, frames, 3, 224, 224))
                .audioValues(FloatTensor.wrap(audio, batch, 1, time, freq))
                .pixelMask(FloatTensor.wrap(pixelMask, batch, pixelTokens))
                .audioMask(FloatTensor.wrap(audioMask, batch, audioTokens))
                .build();
        int seq = 1 + pixelTokens + audioTokens;
        double flops = flops(config, batch, seq, pixelTokens, audioTokens);
        for (int i = 0; i < warmup; i++) {
            long s = System.nanoTime();
            model.forward(input);
            System.out.printf("batch %d warmup %d: %.0f ms%n", batch, i, (System.nanoTime() - s) / 1e6);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long cpu0 = processCpuNanos();
            long s = System.nanoTime();
            model.forward(input);
            double ms = (System.nanoTime() - s) / 1e6;
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            times.add(ms);
            System.out.printf("batch %d run %d: %.0f ms, %.1f GFLOP/s, process CPU %.0f ms (%.2f cores), RSS %s, "
                    + "load average %s%n", batch, i, ms, flops / ms / 1e6, cpuMs, cpuMs / ms, rss("VmRSS"), loadAverage());
        }
        times.sort(Double::compare);
        double median = times.get(times.size() / 2);
        System.out.printf("batch %d tokens %d: median %.0f ms (min %.0f, max %.0f) per forward, %.3f TFLOP, "
                + "%.1f GFLOP/s, peak RSS %s%n", batch, seq, median, times.get(0), times.get(times.size() - 1),
                flops / 1e12, flops / median / 1e6, rss("VmHWM"));
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

    /** CPU time of this process (all threads, including spinning BLAS/OpenMP workers). */
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
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.0f MB", kb / 1024.0);
            }
        }
        return "n/a";
    }
}
