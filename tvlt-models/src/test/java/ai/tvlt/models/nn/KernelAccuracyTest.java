package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** The Java row kernels against float64 references. */
class KernelAccuracyTest {

    @Test
    void fastExpIsAccurateOnNonPositiveArguments() {
        double maxAbs = 0;
        double maxRel = 0;
        for (double x = -90; x <= 0; x += 1e-4) {
            float f = (float) x;
            double e = Math.exp(f);
            double err = Math.abs(FastExp.exp(f) - e);
            maxAbs = Math.max(maxAbs, err);
            if (e > 1e-2) {
                maxRel = Math.max(maxRel, err / e);
            }
        }
        assertTrue(maxAbs < 5e-7, "max abs error " + maxAbs);
        assertTrue(maxRel < 2e-6, "max rel error " + maxRel);
    }

    @Test
    void geluIsTheExactErfForm() {
        int n = 20001;
        float[] row = new float[n];
        float[] bias = new float[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            row[i] = (float) (-10 + i * 1e-3);
            bias[i] = 0.25f;
            x[i] = (double) row[i] + 0.25f;
        }
        Gelu.biasGeluInPlace(row, bias, n, new float[n], new float[n]);
        for (int i = 0; i < n; i++) {
            float xf = (float) x[i];
            double expected = 0.5 * xf * (1 + Erf.erf(xf / Math.sqrt(2)));
            assertEquals(expected, row[i], 1e-6 + 5e-7 * Math.abs(xf), "gelu(" + xf + ")");
        }
    }

    @Test
    void softmaxSumsToOneAndAFullyMaskedRowIsUniform() {
        float[] row = {1f, 2f, 3f, -50f};
        float[] mask = {0f, Softmax.MASKED, 0f, 0f, Softmax.MASKED, Softmax.MASKED, Softmax.MASKED, Softmax.MASKED};
        Softmax.inPlace(row, mask, 0, 4);
        double z = Math.exp(1) + Math.exp(3) + Math.exp(-50);
        assertEquals(Math.exp(1) / z, row[0], 1e-7);
        assertTrue(row[1] < 1e-37f, "masked key weight " + row[1]);
        assertEquals(Math.exp(3) / z, row[2], 1e-7);
        float[] masked = {5f, -1f, 0.5f, 2f};
        Softmax.inPlace(masked, mask, 4, 4);
        for (float p : masked) {
            assertEquals(0.25f, p, 1e-7);
        }
    }

    @Test
    void layerNormUsesBiasedVarianceAndEps() {
        float[] w = {1f, 2f, 0.5f};
        float[] b = {0f, 1f, -1f};
        LayerNorm ln = new LayerNorm(w, b, 1e-6);
        float[] x = {1f, 2f, 4f};
        float[] out = new float[3];
        ln.normalize(x, out);
        double mean = 7.0 / 3;
        double var = ((1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean)) / 3;
        for (int i = 0; i < 3; i++) {
            assertEquals((x[i] - mean) / Math.sqrt(var + 1e-6) * w[i] + b[i], out[i], 1e-6);
        }
    }
}
