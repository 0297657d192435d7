package ai.tvlt.models.reconstruction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/** De-normalisation inverts the image processor's rescale + normalise; byte and gray renderings. */
class FrameDenormalizerTest {

    /** The processor's scaling (processing README, images 4.): float32(x * (1/255)), then (x - mean) / std in float32. */
    private static float normalise(int level, double mean, double std, double rescale) {
        float scaled = (float) (level * rescale);
        return (scaled - (float) mean) / (float) std;
    }

    @Test
    void denormaliseGivesEveryLevelBack() {
        double[][] settings = {{0.5, 0.5}, {0.485, 0.229}, {0.406, 0.225}};
        for (double[] s : settings) {
            TvltImageProcessorConfig config = TvltImageProcessorConfig.builder()
                    .imageMean(s[0], s[0], s[0]).imageStd(s[1], s[1], s[1]).build();
            FrameDenormalizer d = FrameDenormalizer.of(config);
            float[] v = new float[3 * 256];
            for (int ch = 0; ch < 3; ch++) {
                for (int level = 0; level < 256; level++) {
                    v[ch * 256 + level] = normalise(level, s[0], s[1], config.rescaleFactor());
                }
            }
            float[] back = d.denormalize(FloatTensor.wrap(v, 1, 1, 3, 16, 16)).data();
            for (int i = 0; i < back.length; i++) {
                assertEquals(i % 256, back[i], 1e-3, "level " + (i % 256) + " of mean/std " + s[0] + "/" + s[1]);
                assertEquals(i % 256, Math.round(back[i]));
            }
        }
    }

    @Test
    void perChannelStatisticsApplyToTheirChannel() {
        FrameDenormalizer d = FrameDenormalizer.of(new double[] {0.1, 0.2, 0.3}, new double[] {0.5, 0.25, 2}, 1.0 / 255);
        FloatTensor one = FloatTensor.wrap(new float[] {1, 1, 1}, 1, 1, 3, 1, 1);
        float[] out = d.denormalize(one).data();
        assertEquals((1 * 0.5 + 0.1) * 255, out[0], 1e-3);
        assertEquals((1 * 0.25 + 0.2) * 255, out[1], 1e-3);
        assertEquals((1 * 2 + 0.3) * 255, out[2], 1e-3);
    }

    @Test
    void skipsStepsTheProcessorSkips() {
        TvltImageProcessorConfig config = TvltImageProcessorConfig.builder().doNormalize(false).doRescale(false).build();
        FloatTensor frames = FloatTensor.wrap(new float[] {12.5f, 200f, 3f}, 1, 1, 3, 1, 1);
        assertArrayEquals(frames.data(), FrameDenormalizer.of(config).denormalize(frames).data());
    }

    @Test
    void interleavedBytesRoundAndClamp() {
        // 1 sample, 2 frames, 3 channels of 1x2 pixels; frame 1 is the one read
        float[] v = new float[2 * 3 * 2];
        float[] frame1 = {-4f, 10.4f, 10.6f, 300f, 254.5f, Float.NaN};
        System.arraycopy(frame1, 0, v, 6, 6);
        byte[] out = FrameDenormalizer.toInterleavedBytes(FloatTensor.wrap(v, 1, 2, 3, 1, 2), 0, 1);
        // pixel 0: R=-4 G=10.6 B=254.5 ; pixel 1: R=10.4 G=300 B=NaN
        assertArrayEquals(new byte[] {0, 11, (byte) 255, 10, (byte) 255, 0}, out);
        PatchesTest.assertMessage("no frame 2 of sample 0",
                () -> FrameDenormalizer.toInterleavedBytes(FloatTensor.wrap(v, 1, 2, 3, 1, 2), 0, 2));
        PatchesTest.assertMessage("image_std must be finite and non-zero",
                () -> FrameDenormalizer.of(new double[] {0.5}, new double[] {0}, 1));
    }

    @Test
    void spectrogramGrayHasHighFrequenciesOnTop() {
        // time 2 x freq 3: values -1 .. 1
        FloatTensor spec = FloatTensor.wrap(new float[] {-1f, 0f, 1f, 1f, 0f, -1f}, 1, 1, 2, 3);
        byte[] gray = SpectrogramImage.toGrayBytes(spec, 0, 0);
        // rows: freq 2, 1, 0; columns: time 0, 1
        assertArrayEquals(new byte[] {(byte) 255, 0, (byte) 128, (byte) 128, 0, (byte) 255}, gray);
    }
}
