package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.models.nn.BlasKernel;
import ai.tvlt.models.nn.ComputeThreads;
import ai.tvlt.models.nn.NativeMatrix;
import ai.tvlt.models.nn.Sgemm;
import ai.tvlt.models.testing.RandomWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J 1.0.0-M2.1 runs on a newer JavaCPP and OpenBLAS (1.5.12 / 0.3.30, see the root pom) than it was
 * built with: this pins down that every ND4J and BLAS facility the library uses still works there,
 * that OpenBLAS picks the CPU's own kernels with no environment variable (surefire removes
 * {@code OPENBLAS_CORETYPE}), and that a whole base-size forward runs. The golden tests check the
 * numbers of the small models on the same stack.
 */
class NativeStackCompatibilityTest {

    @Test
    void theLoadedBlasIsThePinnedOpenBlas() {
        assertTrue(openblas_nolapack.OPENBLAS_VERSION.contains("0.3.30"), openblas_nolapack.OPENBLAS_VERSION);
        Blas blas = Nd4j.factory().blas();
        assertEquals(Blas.Vendor.OPENBLAS, blas.getBlasVendor());
        int before = blas.getMaxThreads();
        blas.setMaxThreads(2);
        assertEquals(2, blas.getMaxThreads());
        blas.setMaxThreads(before);
        assertEquals(before, blas.getMaxThreads());
    }

    @Test
    void openBlasChoosesTheCpusOwnKernelsWithoutAVariable() throws IOException {
        assumeTrue(System.getenv("OPENBLAS_CORETYPE") == null, "OPENBLAS_CORETYPE is set: the user's choice wins");
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(Files.isReadable(cpuinfo) && "amd64".equals(System.getProperty("os.arch")), "x86-64 Linux only");
        Set<String> flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(Set.of());
        String core = BlasKernel.coreName();
        assertNotNull(core, "OpenBLAS's kernel table not identified");
        if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) {
            assertTrue(Set.of("SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS").contains(core),
                    "AVX-512 CPU but " + core + " kernels");
        } else if (flags.contains("avx2")) {
            assertTrue(Set.of("HASWELL", "ZEN", "EXCAVATOR").contains(core), "AVX2 CPU but " + core + " kernels");
        }
        assertTrue(BlasKernel.describe().startsWith("OpenBLAS 0.3.30, " + core + " kernels"), BlasKernel.describe());
    }

    @Test
    void theNd4jArrayOperationsTheLibraryUsesKeepTheirValues() {
        float[] values = {1.5f, -2.25f, 3f, 0.125f, -7f, 9.5f};
        try (INDArray array = Nd4j.create(values, new long[] {2, 3}, DataType.FLOAT);
                INDArray wide = array.castTo(DataType.DOUBLE); INDArray back = wide.castTo(DataType.FLOAT);
                INDArray transposed = array.permute(1, 0).dup('c')) {
            // toFloatVector() refuses a matrix in ND4J 1.0.0-M2.1; the C-ordered buffers hold the rows in order
            assertArrayEquals(values, back.data().asFloat());
            assertArrayEquals(new float[] {1.5f, 0.125f, -2.25f, -7f, 3f, 9.5f}, transposed.data().asFloat());
            float[] viaBuffer = new float[6];
            array.data().asNioFloat().get(0, viaBuffer);
            assertArrayEquals(values, viaBuffer);
        }
        long[] ids = {4, 0, 2, 1, 3, 5};
        try (INDArray a = Nd4j.createFromArray(ids).reshape(3, 2)) {
            assertArrayEquals(ids, a.data().asLong());
            assertArrayEquals(new long[] {3, 2}, a.shape());
        }
        try (INDArray u = Nd4j.createUninitialized(DataType.FLOAT, new long[] {4, 5}, 'c')) {
            u.data().asNioFloat().put(0, new float[20]);
            assertEquals(0.0, u.sumNumber().doubleValue());
        }
    }

    @Test
    void sgemmAtTheBaseModelsShapesMatchesFloat64() {
        SplittableRandom random = new SplittableRandom(11);
        int m = 2001;
        int k = 3072;
        int n = 768;
        try (INDArray a = random(random, m, k); INDArray w = random(random, n, k);
                INDArray c = Nd4j.create(DataType.FLOAT, m, n); ComputeThreads threads = ComputeThreads.of(2)) {
            threads.run(() -> {
                Sgemm.multiply(NativeMatrix.of(a), false, NativeMatrix.of(w), true, NativeMatrix.of(c), 1f, 0f);
                return null;
            });
            float[] x = a.data().asFloat();
            float[] y = w.data().asFloat();
            float[] out = c.data().asFloat();
            for (int r = 0; r < m; r += 97) {
                for (int o = 0; o < n; o += 31) {
                    double expected = 0;
                    for (int j = 0; j < k; j++) {
                        expected += (double) x[r * k + j] * y[o * k + j];
                    }
                    assertEquals(expected, out[r * n + o], 2e-4 * (1 + Math.abs(expected)), "C[" + r + "][" + o + "]");
                }
            }
        }
    }

    @Test
    void aWholeBaseSizeForwardRunsAndDoesNotDependOnTheThreadCount() {
        TvltConfig config = TvltConfig.defaults();
        TvltModelInput input = baseInput(config);
        float[] twoThreads = lastHiddenState(config, input, 2);
        float[] oneThread = lastHiddenState(config, input, 1);
        assertEquals(2001L * config.hiddenSize(), twoThreads.length);
        double maxDiff = 0;
        for (int i = 0; i < twoThreads.length; i++) {
            assertTrue(Float.isFinite(twoThreads[i]), "value " + i + " is " + twoThreads[i]);
            maxDiff = Math.max(maxDiff, Math.abs(twoThreads[i] - oneThread[i]));
        }
        assertTrue(maxDiff <= 1e-5, "1 and 2 threads differ by " + maxDiff);
    }

    private static float[] lastHiddenState(TvltConfig config, TvltModelInput input, int threads) {
        try (TvltModel model = TvltModel.create(config, new RandomWeights(config, 42), "",
                LoadOptions.builder().threads(threads).build())) {
            return model.forward(input).lastHiddenState().data();
        }
    }

    /** 8 frames of 224x224 and a 864x128 spectrogram with 861 valid rows: 1 + 1568 + 432 = 2001 tokens. */
    private static TvltModelInput baseInput(TvltConfig config) {
        int frames = 8;
        int rows = 864;
        int size = config.imageSize();
        int freq = config.frequencyLength();
        int pixelTokens = frames * config.numPixelPatchesPerFrame();
        int audioTokens = (rows / 16) * (freq / 16);
        SplittableRandom random = new SplittableRandom(7);
        float[] pixels = new float[frames * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] audio = new float[rows * freq];
        for (int i = 0; i < 861 * freq; i++) {
            audio[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] pixelMask = new float[pixelTokens];
        Arrays.fill(pixelMask, 1f);
        float[] audioMask = new float[audioTokens];
        Arrays.fill(audioMask, 0, 54 * (freq / 16), 1f);
        return TvltModelInput.builder()
                .pixelValues(FloatTensor.wrap(pixels, 1, frames, 3, size, size))
                .audioValues(FloatTensor.wrap(audio, 1, 1, rows, freq))
                .pixelMask(FloatTensor.wrap(pixelMask, 1, pixelTokens))
                .audioMask(FloatTensor.wrap(audioMask, 1, audioTokens))
                .build();
    }

    private static INDArray random(SplittableRandom random, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
}
