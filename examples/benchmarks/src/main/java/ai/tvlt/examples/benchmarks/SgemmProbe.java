package ai.tvlt.examples.benchmarks;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The single-precision GEMM peak of this machine as the Java encoder sees it: {@code cblas_sgemm} of
 * n x n x n through the OpenBLAS that ND4J loads (the one the encoder's products call), on all cores and
 * on one. compare.sh divides every side's GFLOP/s by the all-core figure of the same run.
 *
 * <pre>
 * java -cp examples/benchmarks/target/benchmarks.jar ai.tvlt.examples.benchmarks.SgemmProbe [--n 2048] [--repeats 5]
 * </pre>
 * Prints {@code sgemm_gflops threads=<t> best=<g> median=<g> n=<n>} per thread count ({@code OPENBLAS_VERBOSE=2}
 * makes OpenBLAS name the core type it chose; it changes nothing else).
 */
public final class SgemmProbe {

    private SgemmProbe() {
    }

    /**
     * @param args {@code --n N} (default 2048), {@code --repeats R} (default 5)
     */
    public static void main(String[] args) {
        int n = 2048;
        int repeats = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --n N --repeats R)");
            }
        }
        Blas blas = Nd4j.factory().blas();
        System.out.printf(Locale.ROOT, "OpenBLAS %s (org.bytedeco:openblas), OPENBLAS_CORETYPE=%s%n",
                openblasVersion(), System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        int cores = Runtime.getRuntime().availableProcessors();
        try (FloatPointer a = random(n, 1); FloatPointer b = random(n, 2); FloatPointer c = new FloatPointer((long) n * n)) {
            for (int threads : cores > 1 ? new int[] {cores, 1} : new int[] {1}) {
                blas.setMaxThreads(threads);
                double[] gflops = new double[repeats];
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
                for (int r = 0; r < repeats; r++) {
                    long s = System.nanoTime();
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
                    gflops[r] = 2.0 * n * n * n / (System.nanoTime() - s);
                }
                Arrays.sort(gflops);
                System.out.printf(Locale.ROOT, "sgemm_gflops threads=%d best=%.1f median=%.1f n=%d%n", threads,
                        gflops[repeats - 1], gflops[repeats / 2], n);
            }
        }
    }

    /** The version of the org.bytedeco:openblas artifact on the class path, from its Maven metadata. */
    private static String openblasVersion() {
        try (InputStream in = openblas_nolapack.class.getResourceAsStream("/META-INF/maven/org.bytedeco/openblas/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unreadable: " + e.getMessage() + ")";
        }
    }

    private static FloatPointer random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() - 0.5);
        }
        return new FloatPointer(values);
    }
}
