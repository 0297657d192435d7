package ai.tvlt.models.reconstruction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The patchify layout of the MAE targets, its exact inverse, and pasting predictions into inputs. */
class PatchesTest {

    private static FloatTensor random(SplittableRandom rnd, long... shape) {
        float[] v = new float[(int) FloatTensor.zeros(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return FloatTensor.wrap(v, shape);
    }

    @Test
    void pixelPatchifyRoundTripIsExact() {
        FloatTensor frames = random(new SplittableRandom(1), 2, 3, 3, 32, 48);
        FloatTensor patches = Patches.patchifyPixels(frames, 16, 8);
        assertArrayEquals(new long[] {2, 3 * 2 * 6, 16 * 8 * 3}, patches.shape());
        FloatTensor back = Patches.unpatchifyPixels(patches, 3, 32, 48, 16, 8);
        assertArrayEquals(frames.shape(), back.shape());
        assertArrayEquals(frames.data(), back.data());
    }

    @Test
    void pixelFeatureOrderIsRowColumnChannel() {
        int b = 2;
        int t = 2;
        int c = 3;
        int h = 8;
        int w = 12;
        int p = 4;
        int q = 3;
        float[] v = new float[b * t * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        float[] out = Patches.patchifyPixels(FloatTensor.wrap(v, b, t, c, h, w), p, q).data();
        int rows = h / p;
        int cols = w / q;
        int feature = p * q * c;
        for (int bi = 0; bi < b; bi++) {
            for (int ti = 0; ti < t; ti++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int token = (ti * rows + y / p) * cols + x / q;
                            int f = ((y % p) * q + x % q) * c + ci;
                            int src = (((bi * t + ti) * c + ci) * h + y) * w + x;
                            assertEquals(src, out[(bi * t * rows * cols + token) * feature + f], 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void audioPatchifyRoundTripAndLayout() {
        FloatTensor spec = random(new SplittableRandom(2), 2, 1, 64, 32);
        FloatTensor patches = Patches.patchifyAudio(spec, 16, 8);
        assertArrayEquals(new long[] {2, 4 * 4, 128}, patches.shape());
        // token (time patch 2, frequency patch 3), value at row 5 / column 6 inside the patch
        float expected = spec.get(((1 * 64) + 2 * 16 + 5) * 32 + 3 * 8 + 6);
        assertEquals(expected, patches.get(((16 + 2 * 4 + 3) * 128) + 5 * 8 + 6), 0f);
        assertArrayEquals(spec.data(), Patches.unpatchifyAudio(patches, 1, 4, 16, 8).data());
    }

    @Test
    void audioRowsBeyondTheLastWholePatchAreDropped() {
        FloatTensor spec = random(new SplittableRandom(3), 1, 1, 40, 16);
        FloatTensor patches = Patches.patchifyAudio(spec, 16, 16);
        assertArrayEquals(new long[] {1, 2, 256}, patches.shape());
        FloatTensor back = Patches.unpatchifyAudio(patches, 1, 1, 16, 16);
        assertArrayEquals(new long[] {1, 1, 32, 16}, back.shape());
        float[] leading = new float[32 * 16];
        System.arraycopy(spec.data(), 0, leading, 0, leading.length);
        assertArrayEquals(leading, back.data());
    }

    @Test
    void configSizedUnpatchifyInvertsModelLogits() {
        TvltConfig config = TvltConfig.fromJson(GoldenFiles.resolve("models/tiny-pretraining/config.json"));
        try (GoldenCase c = GoldenCase.open("models/tiny-pretraining/cases/pretraining_train_loss.safetensors")) {
            FloatTensor pixelLogits = FloatTensor.wrap(c.floats("expected.pixel_logits"), c.shape("expected.pixel_logits"));
            FloatTensor frames = Patches.unpatchifyPixels(pixelLogits, config);
            assertArrayEquals(new long[] {2, 4, 3, 32, 32}, frames.shape());
            assertArrayEquals(pixelLogits.data(), Patches.patchifyPixels(frames, 16, 16).data());
            FloatTensor audioLogits = FloatTensor.wrap(c.floats("expected.audio_logits"), c.shape("expected.audio_logits"));
            FloatTensor spec = Patches.unpatchifyAudio(audioLogits, config);
            assertArrayEquals(new long[] {2, 1, 128, 64}, spec.shape());
            assertArrayEquals(audioLogits.data(), Patches.patchifyAudio(spec, 16, 16).data());
        }
    }

    @Test
    void pasteMaskedTakesPredictionsWhereMasked() {
        FloatTensor original = FloatTensor.wrap(new float[] {1, 1, 2, 2, 3, 3}, 1, 3, 2);
        FloatTensor predicted = FloatTensor.wrap(new float[] {7, 7, 8, 8, 9, 9}, 1, 3, 2);
        FloatTensor masks = FloatTensor.wrap(new float[] {0, 1, 0}, 1, 3);
        assertArrayEquals(new float[] {1, 1, 8, 8, 3, 3}, Patches.pasteMasked(original, predicted, masks).data());
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        assertMessage("not a whole number of 16x16 patches",
                () -> Patches.patchifyPixels(FloatTensor.zeros(1, 1, 3, 30, 32), 16, 16));
        assertMessage("must have rank 5", () -> Patches.patchifyPixels(FloatTensor.zeros(1, 3, 32, 32), 16, 16));
        assertMessage("768 values per token",
                () -> Patches.unpatchifyPixels(FloatTensor.zeros(1, 4, 700), 3, 32, 32, 16, 16));
        assertMessage("not a whole number of frames",
                () -> Patches.unpatchifyPixels(FloatTensor.zeros(1, 5, 768), 3, 32, 32, 16, 16));
        assertMessage("not a whole number of time rows",
                () -> Patches.unpatchifyAudio(FloatTensor.zeros(1, 5, 256), 1, 4, 16, 16));
        assertMessage("patch size must be positive", () -> Patches.patchifyAudio(FloatTensor.zeros(1, 1, 16, 16), 0, 16));
        assertMessage("label_masks must have shape [1, 3]", () -> Patches.pasteMasked(FloatTensor.zeros(1, 3, 2),
                FloatTensor.zeros(1, 3, 2), FloatTensor.zeros(3)));
        assertMessage("predicted patches have shape", () -> Patches.pasteMasked(FloatTensor.zeros(1, 3, 2),
                FloatTensor.zeros(1, 3, 3), FloatTensor.zeros(1, 3)));
    }

    static void assertMessage(String fragment, Runnable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
