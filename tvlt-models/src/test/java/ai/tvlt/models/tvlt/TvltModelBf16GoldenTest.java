package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.nn.Bf16Matmul;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * The opt-in bf16 encoder on golden cases, at a bf16 tolerance (fp32 keeps Tolerance.MODEL in
 * {@link TvltModelGoldenTest}). bf16 keeps 8 significand bits: each operand of the layers' products
 * is rounded by at most 2^-9 relative, so the products, and the LayerNorm-scaled outputs (of order 1),
 * carry errors of a few 2^-8 = 3.9e-3. The test asks what issue 14 asks of bf16: every token's vector
 * has a cosine similarity of at least 0.9999 with the reference, and the mean absolute error stays
 * within four bf16 steps of a unit value (4 * 2^-8). It also asks the error to be above the fp32
 * tolerance, which shows that the products really ran in bf16. Skipped, with the reason, on CPUs without
 * AVX512_BF16/AMX.
 */
class TvltModelBf16GoldenTest {

    private static final double MIN_TOKEN_COSINE = 0.9999;
    private static final double MAX_MEAN_ABS_ERROR = 4.0 / 256;

    @Test
    void smallRealisticEncoderWithinBf16Tolerance() {
        assumeTrue(bf16Supported(), "this CPU has no AVX512_BF16/AMX instructions, so precision bf16 refuses to run");
        try (TvltModel model = TvltModel.fromPretrained(GoldenFiles.resolve("models/small-realistic"),
                LoadOptions.builder().precision(Precision.BF16).build());
                GoldenCase c = GoldenCase.open("models/small-realistic/cases/encoder_8frames_audio400.safetensors")) {
            float[] expected = c.floats("expected.last_hidden_state");
            float[] actual = model.forward(GoldenModelCases.input(c)).lastHiddenState().data();
            assertEquals(expected.length, actual.length);
            int d = model.config().hiddenSize();
            double sumErr = 0;
            double maxErr = 0;
            for (int t = 0; t < expected.length / d; t++) {
                double dot = 0;
                double ne = 0;
                double na = 0;
                for (int j = t * d; j < (t + 1) * d; j++) {
                    dot += (double) expected[j] * actual[j];
                    ne += (double) expected[j] * expected[j];
                    na += (double) actual[j] * actual[j];
                    double e = Math.abs(expected[j] - actual[j]);
                    sumErr += e;
                    maxErr = Math.max(maxErr, e);
                }
                double cos = dot / Math.sqrt(ne * na);
                assertTrue(cos >= MIN_TOKEN_COSINE, "token " + t + ": cosine " + cos + " < " + MIN_TOKEN_COSINE);
            }
            double meanErr = sumErr / expected.length;
            assertTrue(meanErr <= MAX_MEAN_ABS_ERROR, "mean |error| " + meanErr + " > " + MAX_MEAN_ABS_ERROR);
            assertTrue(maxErr > 1e-4, "max |error| " + maxErr + " is at fp32 level: the bf16 products did not run");
        }
    }

    private static boolean bf16Supported() {
        try {
            Bf16Matmul.requireSupported();
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
