package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        // Two samples' masks side by side; queries are columns of the transposed block [keys, queries].
        float[] mask = {0f, Softmax.MASKED, 0f, 0f, Softmax.MASKED, Softmax.MASKED, Softmax.MASKED, Softmax.MASKED};
        float[][] scoresByQuery = {{1f, 2f, 3f, -50f}, {5f, -1f, 0.5f, 2f}};
        double[][] unmasked = exponentiated(scoresByQuery, null, 0);
        double[][] firstMask = exponentiated(scoresByQuery, mask, 0);
        double[][] fullyMasked = exponentiated(scoresByQuery, mask, 4);
        double z = Math.exp(1) + Math.exp(3) + Math.exp(-50);
        assertEquals(Math.exp(1) / z, firstMask[0][0], 1e-7);
        assertTrue(firstMask[0][1] < 1e-37, "masked key weight " + firstMask[0][1]);
        assertEquals(Math.exp(3) / z, firstMask[0][2], 1e-7);
        for (double p : fullyMasked[1]) {
            assertEquals(0.25, p, 1e-7);
        }
        double z1 = Math.exp(5) + Math.exp(-1) + Math.exp(0.5) + Math.exp(2);
        assertEquals(Math.exp(-1) / z1, unmasked[1][1], 1e-7);
    }

    @Test
    void softmaxOfAWideBlockMatchesFloat64() {
        int keys = 301;
        int queries = 77;
        SplittableRandom random = new SplittableRandom(5);
        float[][] scoresByQuery = new float[queries][keys];
        float[] mask = new float[keys + 3];
        for (int j = 0; j < mask.length; j++) {
            mask[j] = random.nextInt(5) == 0 ? Softmax.MASKED : 0f;
        }
        for (float[] query : scoresByQuery) {
            for (int j = 0; j < keys; j++) {
                query[j] = (float) (random.nextGaussian() * 8);
            }
        }
        double[][] probs = exponentiated(scoresByQuery, mask, 3);
        for (int q = 0; q < queries; q++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) {
                if (mask[3 + j] == 0f) {
                    max = Math.max(max, scoresByQuery[q][j]);
                }
            }
            double z = 0;
            for (int j = 0; j < keys; j++) {
                z += mask[3 + j] == 0f ? Math.exp(scoresByQuery[q][j] - max) : 0;
            }
            for (int j = 0; j < keys; j++) {
                double expected = mask[3 + j] == 0f ? Math.exp(scoresByQuery[q][j] - max) / z : 0;
                assertEquals(expected, probs[q][j], 2e-6 * expected + 1e-9, "query " + q + " key " + j);
            }
        }
    }

    /** Runs {@link Softmax#exponentiate} on the transposed block and returns normalised probabilities by query. */
    private static double[][] exponentiated(float[][] scoresByQuery, float[] mask, int maskOffset) {
        int queries = scoresByQuery.length;
        int keys = scoresByQuery[0].length;
        try (INDArray block = Nd4j.create(DataType.FLOAT, keys, queries)) {
            NativeRows rows = NativeRows.of(block);
            float[] row = new float[queries];
            for (int j = 0; j < keys; j++) {
                for (int q = 0; q < queries; q++) {
                    row[q] = scoresByQuery[q][j];
                }
                rows.write(j, row);
            }
            Softmax softmax = new Softmax(queries + 5);
            softmax.exponentiate(rows, keys, queries, mask, maskOffset);
            double[][] probs = new double[queries][keys];
            for (int j = 0; j < keys; j++) {
                rows.read(j, row);
                for (int q = 0; q < queries; q++) {
                    probs[q][j] = row[q] * softmax.inverseSums()[q];
                }
            }
            return probs;
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
