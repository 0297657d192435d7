package ai.tvlt.processing.image;

import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.Resample;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants of the resize, crop and size rules on random inputs (fixed seeds). */
class ResizePropertyTest {

    @Test
    void constantImagesStayConstantForEveryFilter() {
        Random random = new Random(3);
        for (Resample filter : Resample.values()) {
            for (int trial = 0; trial < 40; trial++) {
                int h = 1 + random.nextInt(64);
                int w = 1 + random.nextInt(64);
                int outH = 1 + random.nextInt(96);
                int outW = 1 + random.nextInt(96);
                byte[] rgb = new byte[h * w * 3];
                int[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
                if (trial < 2) {
                    Arrays.fill(colour, trial == 0 ? 0 : 255);
                }
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = (byte) colour[i % 3];
                }
                RgbImage out = PillowResampler.resize(RgbImage.of(rgb, h, w), outW, outH, filter);
                assertEquals(outH, out.height());
                assertEquals(outW, out.width());
                for (int y = 0; y < outH; y++) {
                    for (int x = 0; x < outW; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(colour[c], out.get(y, x, c), filter + " " + h + "x" + w + " -> " + outH + "x"
                                    + outW + " at (" + y + ", " + x + ", " + c + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void sameSizeIsACopyAndNearestUpscaleByTwoReplicates() {
        Random random = new Random(5);
        RgbImage image = ResizeRandomizedTest.randomImage(random, 9, 13);
        for (Resample filter : Resample.values()) {
            assertEquals(image, PillowResampler.resize(image, 13, 9, filter));
        }
        RgbImage doubled = PillowResampler.resize(image, 26, 18, Resample.NEAREST);
        for (int y = 0; y < 18; y++) {
            for (int x = 0; x < 26; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.get(y / 2, x / 2, c), doubled.get(y, x, c));
                }
            }
        }
    }

    @Test
    void resizedSizeKeepsOrientationAndTruncatesTheLongSide() {
        Random random = new Random(17);
        for (int trial = 0; trial < 2000; trial++) {
            int h = 1 + random.nextInt(4000);
            int w = 1 + random.nextInt(4000);
            int edge = 1 + random.nextInt(1000);
            int[] size = TvltImageProcessor.resizedSize(h, w, edge);
            int shortSide = Math.min(h, w);
            int longSide = Math.max(h, w);
            long expectedLong = (long) edge * longSide / shortSide;
            if (w <= h) {
                assertEquals(edge, size[1]);
                assertEquals(expectedLong, size[0], h + "x" + w + " edge " + edge);
            } else {
                assertEquals(edge, size[0]);
                assertEquals(expectedLong, size[1], h + "x" + w + " edge " + edge);
            }
            assertTrue(Math.max(size[0], size[1]) >= edge);
        }
    }

    @Test
    void processorOutputSizeFollowsTheCropRule() {
        Random random = new Random(19);
        for (int trial = 0; trial < 60; trial++) {
            int edge = 8 + random.nextInt(40);
            int cropH = 1 + random.nextInt(64);
            int cropW = 1 + random.nextInt(64);
            TvltImageProcessor p = TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder()
                    .size(SizeDict.ofShortestEdge(edge)).cropSize(SizeDict.ofHeightWidth(cropH, cropW))
                    .patchSize(4, 4).doRescale(false).doNormalize(false)
                    .resample(Resample.values()[random.nextInt(Resample.values().length)]).build());
            RgbImage image = ResizeRandomizedTest.randomImage(random, 1 + random.nextInt(50), 1 + random.nextInt(50));
            int[] resized = TvltImageProcessor.resizedSize(image.height(), image.width(), edge);
            PixelInputs out = p.preprocess(image);
            int expectedH = expectedCropLength(resized[0], cropH);
            int expectedW = expectedCropLength(resized[1], cropW);
            assertEquals(Arrays.toString(new long[] {1, 1, 3, expectedH, expectedW}),
                    Arrays.toString(out.pixelValues().shape()));
            assertEquals((edge / 4) * (edge / 4), out.pixelMask().size());
            // the fused resize+crop equals the two stages run one after the other (raw values: no rescale/normalise)
            RgbImage staged = p.centerCrop(p.resize(image));
            assertEquals(expectedH, staged.height());
            assertEquals(expectedW, staged.width());
            int plane = expectedH * expectedW;
            for (int i = 0; i < 3 * plane; i++) {
                int pixel = i % plane;
                assertEquals(staged.get(pixel / expectedW, pixel % expectedW, i / plane), out.pixelValues().get(i),
                        0f, "trial " + trial + " value " + i);
            }
        }
    }

    private static int expectedCropLength(int length, int crop) {
        if (length >= crop) {
            return crop;
        }
        int d = crop - length;
        return d % 2 == 0 ? crop : crop - 1;
    }

    @Test
    void withoutResizeAndCropTheStagesAreIdentity() {
        TvltImageProcessor p = TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder().doResize(false).doCenterCrop(false).build());
        RgbImage image = ResizeRandomizedTest.randomImage(new Random(23), 5, 7);
        assertSame(image, p.resize(image));
        assertSame(image, p.centerCrop(image));
    }
}
