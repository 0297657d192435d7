package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenFiles;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad arguments are rejected with a message naming them; seeded masking is reproducible. */
class TvltModelInputValidationTest {

    // tiny-pretraining: image 32, 4 frames of 4 patches, spectrogram <= 128 x 64, 4 frequency patches
    private static TvltModel model;

    @BeforeAll
    static void load() {
        model = TvltModel.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static TvltModelInput.Builder valid() {
        return TvltModelInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64));
    }

    private static void rejects(String expectedFragment, Consumer<TvltModelInput.Builder> change) {
        TvltModelInput.Builder b = valid();
        change.accept(b);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> model.forward(b.build()));
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void rejectsBadShapesAndValues() {
        rejects("pixel_values is required", b -> b.pixelValues(null));
        rejects("pixel_values must have rank 5", b -> b.pixelValues(FloatTensor.zeros(4, 3, 32, 32)));
        rejects("audio_values must have rank 4", b -> b.audioValues(FloatTensor.zeros(1, 128, 64)));
        rejects("channels (config num_image_channels)", b -> b.pixelValues(FloatTensor.zeros(1, 4, 1, 32, 32)));
        rejects("(config image_size)", b -> b.pixelValues(FloatTensor.zeros(1, 4, 3, 48, 32)));
        rejects("frames (config num_frames)", b -> b.pixelValues(FloatTensor.zeros(1, 5, 3, 32, 32)));
        rejects("frequency bins (config frequency_length)", b -> b.audioValues(FloatTensor.zeros(1, 1, 128, 48)));
        rejects("time rows", b -> b.audioValues(FloatTensor.zeros(1, 1, 144, 64)));
        rejects("time rows", b -> b.audioValues(FloatTensor.zeros(1, 1, 8, 64)));
        rejects("audio_values batch size 2 differs", b -> b.audioValues(FloatTensor.zeros(2, 1, 128, 64)));
        rejects("pixel_mask must have shape [1, 16]", b -> b.pixelMask(FloatTensor.zeros(1, 12)));
        rejects("audio_mask must have shape [1, 32]", b -> b.audioMask(FloatTensor.zeros(1, 31)));
        rejects("audio_mask must hold only 0 and 1", b -> b.audioMask(filled(0.5f, 1, 32)));
        rejects("pixel_mask_noise must have shape [1, 16]", b -> b.maskPixel(true).pixelMaskNoise(FloatTensor.zeros(2, 16)));
        rejects("audio_mask_noise must be finite", b -> b.maskAudio(true).audioMaskNoise(filled(Float.NaN, 1, 32)));
        float[] pixels = new float[4 * 3 * 32 * 32];
        pixels[77] = Float.POSITIVE_INFINITY;
        rejects("pixel_values must be finite", b -> b.pixelValues(FloatTensor.wrap(pixels, 1, 4, 3, 32, 32)));
    }

    @Test
    void seededMaskingIsReproducibleAndKeepsLenKeepTokens() {
        FloatTensor pixels = random(1, 2 * 4 * 3 * 32 * 32, 2, 4, 3, 32, 32);
        FloatTensor audio = random(2, 2 * 128 * 64, 2, 1, 128, 64);
        TvltModelInput a = TvltModelInput.builder().pixelValues(pixels).audioValues(audio)
                .maskPixel(true).maskAudio(true).seed(11).build();
        TvltModelInput b = TvltModelInput.builder().pixelValues(pixels).audioValues(audio)
                .maskPixel(true).maskAudio(true).seed(11).build();
        TvltModelInput other = TvltModelInput.builder().pixelValues(pixels).audioValues(audio)
                .maskPixel(true).maskAudio(true).seed(12).build();
        TvltModelOutput x = model.forward(a);
        TvltModelOutput y = model.forward(b);
        assertArrayEquals(x.lastHiddenState().data(), y.lastHiddenState().data());
        assertArrayEquals(x.pixelIdsRestore().orElseThrow().data(), y.pixelIdsRestore().orElseThrow().data());
        assertNotEquals(Arrays.toString(x.audioIdsRestore().orElseThrow().data()),
                Arrays.toString(model.forward(other).audioIdsRestore().orElseThrow().data()));
        // len_keep: pixel int(16 * 0.25) = 4, audio int(32 * 0.85) = 27
        assertArrayEquals(new long[] {2, 4, 32}, x.lastPixelHiddenState().shape());
        assertArrayEquals(new long[] {2, 27, 32}, x.lastAudioHiddenState().shape());
        assertEquals(2 * 12, sum(x.pixelLabelMasks().orElseThrow()));
        assertEquals(2 * 5, sum(x.audioLabelMasks().orElseThrow()));
        // frame-level noise: whole time rows (4 frequency patches) are dropped together where len_keep allows
        float[] audioLabels = x.audioLabelMasks().orElseThrow().data();
        int splitRows = 0;
        for (int r = 0; r < 2 * 8; r++) {
            float first = audioLabels[r * 4];
            for (int f = 1; f < 4; f++) {
                if (audioLabels[r * 4 + f] != first) {
                    splitRows++;
                    break;
                }
            }
        }
        assertTrue(splitRows <= 2, "at most one partially dropped time row per sample, got " + splitRows);
    }

    private static float sum(FloatTensor t) {
        float s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.get(i);
        }
        return s;
    }

    private static FloatTensor filled(float v, long... shape) {
        float[] a = new float[(int) Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        Arrays.fill(a, v);
        return FloatTensor.wrap(a, shape);
    }

    private static FloatTensor random(long seed, int n, long... shape) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return FloatTensor.wrap(a, shape);
    }
}
