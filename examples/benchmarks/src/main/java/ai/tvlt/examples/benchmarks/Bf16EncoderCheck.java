package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.nn.RowParallel;
import ai.tvlt.models.testing.RandomWeights;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import java.util.Arrays;

/**
 * The opt-in bf16 encoder against the fp32 one on the tvlt-base shape (random weights as
 * {@link EncoderBenchmark} builds them, 8 frames of 224x224 + 10 s of audio = 2001 tokens, batch 1):
 * both models loaded in one JVM, forwards interleaved (fp32, bf16, fp32, bf16, ...) so that load from
 * other processes hits both alike. Prints the medians and the median of the per-pair bf16/fp32 ratios,
 * and the accuracy of {@code last_hidden_state}: max and mean absolute error, the worst and mean
 * per-token cosine similarity.
 *
 * <pre>
 * env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -Xmx3g -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.Bf16EncoderCheck [--iterations 3]
 * </pre>
 */
public final class Bf16EncoderCheck {

    private Bf16EncoderCheck() {
    }

    /**
     * @param args {@code --iterations N}
     */
    public static void main(String[] args) {
        int iterations = args.length == 2 && args[0].equals("--iterations") ? Integer.parseInt(args[1]) : 3;
        TvltConfig config = TvltConfig.defaults();
        TvltModelInput input = EncoderBenchmark.input(config, 1, 8, 864);
        System.out.printf("%d lanes, OPENBLAS_CORETYPE=%s%n", RowParallel.lanes(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        try (TvltModel fp32 = TvltModel.create(config, new RandomWeights(config, 42), "", LoadOptions.defaults());
                TvltModel bf16 = TvltModel.create(config, new RandomWeights(config, 42), "",
                        LoadOptions.builder().precision(Precision.BF16).build())) {
            float[] a = fp32.forward(input).lastHiddenState().data();
            float[] b = bf16.forward(input).lastHiddenState().data();
            report(a, b, config.hiddenSize());
            double[] t32 = new double[iterations];
            double[] t16 = new double[iterations];
            double[] ratio = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long s0 = System.nanoTime();
                fp32.forward(input);
                long s1 = System.nanoTime();
                bf16.forward(input);
                long s2 = System.nanoTime();
                t32[i] = (s1 - s0) / 1e6;
                t16[i] = (s2 - s1) / 1e6;
                ratio[i] = t16[i] / t32[i];
                System.out.printf("pair %d: fp32 %.0f ms, bf16 %.0f ms%n", i + 1, t32[i], t16[i]);
            }
            System.out.printf("median fp32 %.0f ms, bf16 %.0f ms, median bf16/fp32 ratio %.2f%n", median(t32),
                    median(t16), median(ratio));
        }
    }

    private static void report(float[] a, float[] b, int d) {
        double maxErr = 0;
        double sumErr = 0;
        double worstCos = 1;
        double sumCos = 0;
        int tokens = a.length / d;
        int worstToken = -1;
        for (int t = 0; t < tokens; t++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = t * d; j < (t + 1) * d; j++) {
                double e = Math.abs(a[j] - b[j]);
                maxErr = Math.max(maxErr, e);
                sumErr += e;
                dot += (double) a[j] * b[j];
                na += (double) a[j] * a[j];
                nb += (double) b[j] * b[j];
            }
            double cos = dot / Math.sqrt(na * nb);
            sumCos += cos;
            if (cos < worstCos) {
                worstCos = cos;
                worstToken = t;
            }
        }
        System.out.printf("last_hidden_state bf16 vs fp32 (%d tokens): max|err| %.3e, mean|err| %.3e, "
                + "per-token cosine worst %.6f (token %d), mean %.6f%n", tokens, maxErr, sumErr / a.length, worstCos,
                worstToken, sumCos / tokens);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
