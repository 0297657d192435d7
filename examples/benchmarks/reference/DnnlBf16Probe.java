import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Feasibility probe for an opt-in bf16 encoder (issue 14 item 5): oneDNN's bf16 matmul (AVX512_BF16 / AMX
 * kernels) against OpenBLAS's fp32 sgemm on the products of one tvlt-base encoder layer at 2001 tokens, with
 * the weights held once, as bf16 in oneDNN's preferred layout. Per product it prints the time of each, the
 * bf16 time including the fp32 -> bf16 conversion of the activations, and the error of the bf16 result
 * against the fp32 one (max and mean absolute error, the smallest per-row cosine similarity).
 *
 * <p>A single-file program (not part of the build: the library does not depend on oneDNN). It needs JavaCPP
 * 1.5.12 with org.bytedeco:dnnl:3.8.1-1.5.12 and org.bytedeco:openblas:0.3.30-1.5.12 (and their
 * linux-x86_64 jars), e.g. from the local Maven repository after
 * {@code mvn dependency:get -Dartifact=org.bytedeco:dnnl:3.8.1-1.5.12:jar:linux-x86_64} (and the same for the
 * others):
 * <pre>
 * R=~/.m2/repository/org/bytedeco
 * CP=$(ls $R/javacpp/1.5.12/javacpp-1.5.12*.jar $R/dnnl/3.8.1-1.5.12/dnnl-3.8.1-1.5.12*.jar \
 *     $R/openblas/0.3.30-1.5.12/openblas-0.3.30-1.5.12*.jar | grep -v -e arm64 -e ppc | paste -sd:)
 * java -cp "$CP" examples/benchmarks/reference/DnnlBf16Probe.java [tokens=2001] [repeats=5]
 * </pre>
 */
public final class DnnlBf16Probe {

    private DnnlBf16Probe() {
    }

    /** One product of a layer: activations [tokens, k] times weights [k, n]. */
    private record Product(String name, int k, int n, int count) {
    }

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 2001;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = Runtime.getRuntime().availableProcessors();
        Product[] layer = {
            new Product("qkv 768x2304", 768, 2304, 1),
            new Product("attention output 768x768", 768, 768, 1),
            new Product("mlp up 768x3072", 768, 3072, 1),
            new Product("mlp down 3072x768", 3072, 768, 1),
            new Product("scores per head 64x" + tokens, 64, tokens, 12),
            new Product("context per head " + tokens + "x64", tokens, 64, 12)};
        engine eng = new engine(engine.kind.cpu, 0);
        stream strm = new stream(eng);
        System.out.printf(Locale.ROOT, "tokens %d, %d threads (oneDNN and OpenBLAS: their defaults, one per core), repeats %d, "
                + "load average %.1f%n", tokens, threads, repeats, loadAverage());
        double fp32Total = 0;
        double bf16Total = 0;
        for (Product p : layer) {
            double[] r = measure(eng, strm, tokens, p, repeats);
            fp32Total += r[0] * p.count();
            bf16Total += r[1] * p.count();
        }
        System.out.printf(Locale.ROOT, "layer products: fp32 OpenBLAS %.1f ms, bf16 oneDNN %.1f ms (incl. activation "
                + "conversion), ratio %.2f, load average %.1f%n", fp32Total, bf16Total, bf16Total / fp32Total,
                loadAverage());
    }

    /** @return {fp32 ms, bf16 ms} medians for one product */
    private static double[] measure(engine eng, stream strm, int m, Product p, int repeats) {
        int k = p.k();
        int n = p.n();
        float[] a = random((long) m * k, 1, 1.0);
        float[] w = random((long) k * n, 2, 1.0 / Math.sqrt(k));
        try (FloatPointer pa = new FloatPointer(a); FloatPointer pw = new FloatPointer(w);
             FloatPointer c32 = new FloatPointer((long) m * n); FloatPointer c16 = new FloatPointer((long) m * n);
             ShortPointer wBf16 = new ShortPointer(toBf16(w))) {
            double fp32 = median(repeats, () -> cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, pa, k,
                    pw, n, 0f, c32, n));

            memory.desc srcF32 = new memory.desc(dims(m, k), memory.data_type.f32, memory.format_tag.ab);
            memory.desc srcBf16 = new memory.desc(dims(m, k), memory.data_type.bf16, memory.format_tag.ab);
            memory.desc wUser = new memory.desc(dims(k, n), memory.data_type.bf16, memory.format_tag.ab);
            memory.desc wAny = new memory.desc(dims(k, n), memory.data_type.bf16, memory.format_tag.any);
            memory.desc dst = new memory.desc(dims(m, n), memory.data_type.f32, memory.format_tag.ab);
            matmul.primitive_desc pd = new matmul.primitive_desc(eng, srcBf16, wAny, dst);
            // The weights, once: bf16 in the kernel's layout (the fp32 and user-layout copies are dropped).
            memory wPacked = new memory(pd.weights_desc(), eng);
            new reorder(new memory(wUser, eng, wBf16), wPacked).execute(strm, new memory(wUser, eng, wBf16), wPacked);
            strm._wait();
            memory srcUser = new memory(srcF32, eng, pa);
            memory srcConverted = new memory(srcBf16, eng);
            memory out = new memory(dst, eng, c16);
            reorder toBf16 = new reorder(srcUser, srcConverted);
            matmul mm = new matmul(pd);
            IntMemoryMap mmArgs = new IntMemoryMap();
            mmArgs.put(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC, srcConverted);
            mmArgs.put(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS, wPacked);
            mmArgs.put(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST, out);
            double bf16 = median(repeats, () -> {
                toBf16.execute(strm, srcUser, srcConverted);
                mm.execute(strm, mmArgs);
                strm._wait();
            });
            float[] x = new float[m * n];
            float[] y = new float[m * n];
            c32.get(x);
            c16.get(y);
            double[] err = errors(x, y, m, n);
            double flops = 2.0 * m * n * k;
            System.out.printf(Locale.ROOT, "%-28s x%-2d fp32 %7.2f ms (%4.0f GFLOP/s)  bf16 %7.2f ms (%4.0f GFLOP/s, "
                    + "%s)  ratio %.2f  max abs err %.2e  mean %.2e  min row cosine %.6f%n", p.name(), p.count(), fp32,
                    flops / fp32 / 1e6, bf16, flops / bf16 / 1e6, pd.impl_info_str().getString(), bf16 / fp32, err[0],
                    err[1], err[2]);
            return new double[] {fp32, bf16};
        }
    }

    private static LongPointer dims(long rows, long cols) {
        return new LongPointer(rows, cols);
    }

    private static double median(int repeats, Runnable run) {
        run.run();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long s = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /** {max abs error, mean abs error, smallest cosine similarity of a row} of y against x. */
    private static double[] errors(float[] x, float[] y, int rows, int cols) {
        double max = 0;
        double sum = 0;
        double minCos = 1;
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            double xx = 0;
            double yy = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double d = Math.abs(x[i] - y[i]);
                max = Math.max(max, d);
                sum += d;
                dot += (double) x[i] * y[i];
                xx += (double) x[i] * x[i];
                yy += (double) y[i] * y[i];
            }
            minCos = Math.min(minCos, dot / Math.sqrt(xx * yy));
        }
        return new double[] {max, sum / x.length, minCos};
    }

    /** fp32 -> bf16 bits, round to nearest even (the weights are finite). */
    private static short[] toBf16(float[] values) {
        short[] out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            bits += 0x7FFF + ((bits >>> 16) & 1);
            out[i] = (short) (bits >>> 16);
        }
        return out;
    }

    private static float[] random(long count, long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
