package ai.tvlt.examples.benchmarks;

import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.nn.RowParallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the products of a tvlt-base encoder layer (2001 tokens) in float32 (OpenBLAS sgemm, as the
 * model runs them) and in bf16 (oneDNN matmul, bf16 inputs, float32 accumulation), interleaved in one
 * run so that load from other processes hits both alike: per shape the median of the ratio of
 * consecutive bf16/fp32 runs, GFLOP/s, and the bf16 result's error against fp32. The attention shapes
 * (one head: {@code Q K^T} for all queries, {@code P V}) use the key and value matrices as the "weight".
 *
 * <pre>
 * env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.Bf16Probe [--rounds 5]
 * </pre>
 */
public final class Bf16Probe {

    private Bf16Probe() {
    }

    /**
     * @param args {@code --rounds N}
     */
    public static void main(String[] args) {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%d lanes, OPENBLAS_CORETYPE=%s%n", RowParallel.lanes(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        int s = 2001;
        int[][] shapes = {{s, 768, 2304}, {s, 768, 768}, {s, 768, 3072}, {s, 3072, 768}, {s, 64, s}, {s, s, 64}};
        String[] names = {"qkv", "attn.out", "fc1", "fc2", "head QK^T", "head PV"};
        double totalFp32 = 0;
        double totalBf16 = 0;
        for (int i = 0; i < shapes.length; i++) {
            double[] r = measure(names[i], shapes[i][0], shapes[i][1], shapes[i][2], rounds);
            int perLayer = i >= 4 ? 12 : 1;
            totalFp32 += r[0] * perLayer;
            totalBf16 += r[1] * perLayer;
        }
        System.out.printf("per layer (qkv+out+fc1+fc2+12 heads): fp32 %.1f ms, bf16 %.1f ms, ratio %.2f%n", totalFp32,
                totalBf16, totalBf16 / totalFp32);
    }

    /** @return {fp32 median ms, bf16 median ms} */
    private static double[] measure(String name, int rows, int in, int out, int rounds) {
        SplittableRandom random = new SplittableRandom(rows * 31L + in * 7L + out);
        float[] w = new float[in * out];
        float[] x = new float[rows * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) / Math.sqrt(in));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        try (Linear fp32 = new Linear(Nd4j.create(w, new long[] {out, in}, 'c'), null, Precision.FP32);
                Linear bf16 = new Linear(Nd4j.create(w, new long[] {out, in}, 'c'), null, Precision.BF16);
                INDArray input = Nd4j.create(x, new long[] {rows, in}, 'c');
                INDArray y32 = Nd4j.create(DataType.FLOAT, rows, out);
                INDArray y16 = Nd4j.create(DataType.FLOAT, rows, out)) {
            fp32.project(input, y32);
            bf16.project(input, y16);
            double[] t32 = new double[rounds];
            double[] t16 = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long a = System.nanoTime();
                fp32.project(input, y32);
                long b = System.nanoTime();
                bf16.project(input, y16);
                long c = System.nanoTime();
                t32[r] = (b - a) / 1e6;
                t16[r] = (c - b) / 1e6;
                ratio[r] = t16[r] / t32[r];
            }
            float[] a = y32.data().asFloat();
            float[] b = y16.data().asFloat();
            double maxErr = 0;
            double sumErr = 0;
            double maxAbs = 0;
            for (int i = 0; i < a.length; i++) {
                double e = Math.abs(a[i] - b[i]);
                maxErr = Math.max(maxErr, e);
                sumErr += e;
                maxAbs = Math.max(maxAbs, Math.abs(a[i]));
            }
            double flop = 2.0 * rows * in * out;
            double m32 = median(t32);
            double m16 = median(t16);
            System.out.printf("%-10s [%d,%d]x[%d,%d]: fp32 %7.2f ms (%4.0f GFLOP/s)  bf16 %7.2f ms (%4.0f GFLOP/s)"
                    + "  bf16/fp32 %.2f  max|err| %.2e (max|y| %.2f) mean|err| %.2e%n", name, rows, in, in, out, m32,
                    flop / m32 / 1e6, m16, flop / m16 / 1e6, median(ratio), maxErr, maxAbs, sumErr / a.length);
            return new double[] {m32, m16};
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
