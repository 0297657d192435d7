package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Bf16MatmulTest {

    @BeforeAll
    static void cpuHasBf16() {
        assumeTrue(Dnnl.get().supportsBf16(), "this CPU has no AVX512_BF16/AMX: the bf16 path refuses to run here");
    }

    /** The bf16 product equals a float64 product of the bf16-rounded operands up to float32 accumulation error. */
    @Test
    void productOfRoundedOperands() {
        int rows = 37;
        int in = 19;
        int out = 11;
        SplittableRandom random = new SplittableRandom(3);
        float[] w = randoms(random, out * in);
        float[] x = randoms(random, rows * in);
        try (Linear linear = new Linear(Nd4j.create(w, new long[] {out, in}, 'c'), null, Precision.BF16);
                INDArray input = Nd4j.create(x, new long[] {rows, in}, 'c');
                INDArray y = Nd4j.create(DataType.FLOAT, rows, out)) {
            linear.project(input, y);
            float[] got = y.data().asFloat();
            float[] wr = rounded(w);
            float[] xr = rounded(x);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double e = 0;
                    for (int k = 0; k < in; k++) {
                        e += (double) xr[r * in + k] * wr[o * in + k];
                    }
                    assertEquals(e, got[r * out + o], 1e-5, "row " + r + " col " + o);
                }
            }
        }
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] rounded(float[] v) {
        short[] s = new short[v.length];
        Bf16Matmul.toBf16(v, s, v.length);
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Float.intBitsToFloat(s[i] << 16);
        }
        return r;
    }
}
