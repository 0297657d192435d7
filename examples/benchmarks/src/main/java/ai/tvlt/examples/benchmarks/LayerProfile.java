package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.models.nn.BlasKernel;
import ai.tvlt.models.nn.ComputeThreads;
import ai.tvlt.models.nn.LayerNorm;
import ai.tvlt.models.nn.RowParallel;
import ai.tvlt.models.testing.RandomWeights;
import ai.tvlt.models.tvlt.LayerDims;
import ai.tvlt.models.tvlt.LayerWorkspace;
import ai.tvlt.models.tvlt.ParameterBinding;
import ai.tvlt.models.tvlt.TvltIntermediate;
import ai.tvlt.models.tvlt.TvltOutput;
import ai.tvlt.models.tvlt.TvltSelfAttention;
import ai.tvlt.models.tvlt.TvltSelfOutput;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the time of one tvlt-base encoder layer goes: times each module of a {@code TvltLayer} (bound
 * from random weights) separately on a [B*S, 768] input, and reports the median per module, its share of
 * the layer, its GFLOP/s and the CPU time of all Java threads (the work runs in the caller and the
 * model's compute threads, BLAS included, so this is the compute cost whatever the machine's load; on an idle
 * machine the wall time is about CPU / lanes). Used to find the bottleneck; the sum is one layer.
 *
 * <pre>
 * OMP_NUM_THREADS=2 GOMP_SPINCOUNT=0 java -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.LayerProfile [--batch 1] [--tokens 2001] [--iterations 5]
 * </pre>
 */
public final class LayerProfile {

    private LayerProfile() {
    }

    /**
     * @param args {@code --batch B --tokens S --iterations N}
     */
    public static void main(String[] args) {
        int batch = 1;
        int tokens = 2001;
        int iterations = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int b = batch;
        int t = tokens;
        int n = iterations;
        try (ComputeThreads threads = ComputeThreads.defaults()) {
            System.out.println("computing on " + threads.describe() + "; BLAS: " + BlasKernel.describe());
            threads.run(() -> {
                profile(b, t, n);
                return null;
            });
        }
    }

    private static void profile(int batch, int tokens, int iterations) {
        TvltConfig config = TvltConfig.defaults();
        LayerDims dims = LayerDims.encoder(config);
        int d = dims.hiddenSize();
        ParameterBinding p = new ParameterBinding(new RandomWeights(config, 42), "encoder.layer.0.");
        LayerNorm before = new LayerNorm(p.floats("layernorm_before.weight", d), p.floats("layernorm_before.bias", d),
                dims.layerNormEps());
        LayerNorm after = new LayerNorm(p.floats("layernorm_after.weight", d), p.floats("layernorm_after.bias", d),
                dims.layerNormEps());
        try (TvltSelfAttention attention = TvltSelfAttention.bind(p.child("attention.attention."), dims);
                TvltSelfOutput selfOutput = TvltSelfOutput.bind(p.child("attention.output."), dims);
                TvltIntermediate intermediate = TvltIntermediate.bind(p.child("intermediate."), dims);
                TvltOutput output = TvltOutput.bind(p.child("output."), dims);
                LayerWorkspace ws = new LayerWorkspace(dims, batch, tokens)) {
            float[] input = new float[batch * tokens * d];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            double rows = (double) batch * tokens;
            Map<String, Step> steps = new LinkedHashMap<>();
            steps.put("layernorm_before", new Step(() -> before.apply(ws.hidden(), ws.normed(), null), 0));
            steps.put("self-attention (qkv + attention)", new Step(() -> attention.forward(ws, null, null),
                    2 * rows * d * 3 * d + 4.0 * batch * tokens * (double) tokens * d));
            steps.put("attention.output (gemm)", new Step(() -> selfOutput.accumulateInto(ws), 2 * rows * d * d));
            steps.put("layernorm_after (+bias)", new Step(() -> after.apply(ws.hidden(), ws.normed(),
                    selfOutput.bias()), 0));
            steps.put("intermediate (gemm + gelu)", new Step(() -> intermediate.forward(ws),
                    2 * rows * d * dims.intermediateSize()));
            steps.put("output (gemm + bias)", new Step(() -> output.forward(ws), 2 * rows * d * dims.intermediateSize()));
            Map<String, double[]> times = new LinkedHashMap<>();
            Map<String, double[]> cpuTimes = new LinkedHashMap<>();
            steps.keySet().forEach(k -> times.put(k, new double[iterations]));
            steps.keySet().forEach(k -> cpuTimes.put(k, new double[iterations]));
            for (int it = -1; it < iterations; it++) {
                ws.hidden().data().asNioFloat().put(0, input);
                for (Map.Entry<String, Step> e : steps.entrySet()) {
                    long c = processCpuNanos();
                    long s = System.nanoTime();
                    e.getValue().body().run();
                    if (it >= 0) {
                        times.get(e.getKey())[it] = (System.nanoTime() - s) / 1e6;
                        cpuTimes.get(e.getKey())[it] = (processCpuNanos() - c) / 1e6;
                    }
                }
            }
            double total = 0;
            double totalCpu = 0;
            Map<String, Double> medians = new LinkedHashMap<>();
            Map<String, Double> cpuMedians = new LinkedHashMap<>();
            for (String key : times.keySet()) {
                medians.put(key, median(times.get(key)));
                cpuMedians.put(key, median(cpuTimes.get(key)));
                total += medians.get(key);
                totalCpu += cpuMedians.get(key);
            }
            System.out.printf("one layer, batch %d, %d tokens, %d lanes (median of %d): wall ms, share, GFLOP/s, "
                    + "thread CPU ms%n", batch, tokens, RowParallel.lanes(), iterations);
            for (Map.Entry<String, Double> e : medians.entrySet()) {
                double flops = steps.get(e.getKey()).flops();
                System.out.printf("  %-34s %8.1f ms %5.1f%%  %-14s cpu %7.1f ms%n", e.getKey(), e.getValue(),
                        100 * e.getValue() / total, flops > 0 ? String.format("%.0f GFLOP/s", flops / e.getValue() / 1e6) : "",
                        cpuMedians.get(e.getKey()));
            }
            System.out.printf("  %-34s %8.1f ms, cpu %.1f ms  (x12 layers = %.0f ms), load average %.1f%n", "layer", total,
                    totalCpu,
                    12 * total, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double median(double[] values) {
        double[] t = values.clone();
        Arrays.sort(t);
        return t[t.length / 2];
    }

    /** CPU time of all Java threads (the caller and the fork-join workers do all the work; BLAS runs in them). */
    private static long processCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private record Step(Runnable body, double flops) {
    }
}
