package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.Resample;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Randomized checks of the Pillow port against the golden uint8 stages and, at every resize size of the
 * golden cases, against an independent per-pixel oracle ({@link NaiveResize}) on random images for every
 * convolution filter. Seeds are fixed, so failures reproduce.
 */
class ResizeRandomizedTest {

    private static final Resample[] CONVOLUTIONS = {
        Resample.BILINEAR, Resample.BICUBIC, Resample.BOX, Resample.HAMMING,
        Resample.LANCZOS};

    /** One resize of a golden case: source size and target size. */
    record CaseSize(int inH, int inW, int outH, int outW) implements Comparable<CaseSize> {
        @Override
        public int compareTo(CaseSize o) {
            return toString().compareTo(o.toString());
        }
    }

    /** Every (frame size, resized size) pair of the golden image cases that resize. */
    static SortedSet<CaseSize> goldenCaseSizes() throws IOException {
        SortedSet<CaseSize> sizes = new TreeSet<>();
        try (Stream<Path> files = Files.list(GoldenFiles.resolve("processing"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                try (GoldenCase c = GoldenCase.open(file)) {
                    addSizes(c, sizes);
                }
            }
        }
        return sizes;
    }

    private static void addSizes(GoldenCase c, SortedSet<CaseSize> sizes) {
        JsonNode ctor = c.meta().get("constructor");
        if (ctor == null || ctor.isNull() || c.meta().has("expected_error")) {
            return;
        }
        JsonNode settings = GoldenImageCase.settings(c, ctor.has("image_processor") ? "image_processor" : null);
        if (!settings.has("do_resize") || !settings.get("do_resize").asBoolean()) {
            return;
        }
        int edge = settings.get("size").get("shortest_edge").asInt();
        for (String key : c.keys("input.")) {
            long[] shape = c.shape(key);
            if (shape.length == 3 && (shape[2] == 3 || shape[0] == 3)) {
                int h = (int) (shape[2] == 3 ? shape[0] : shape[1]);
                int w = (int) (shape[2] == 3 ? shape[1] : shape[2]);
                int[] out = TvltImageProcessor.resizedSize(h, w, edge);
                sizes.add(new CaseSize(h, w, out[0], out[1]));
            }
        }
    }

    static RgbImage randomImage(Random random, int h, int w) {
        byte[] rgb = new byte[h * w * 3];
        random.nextBytes(rgb);
        return RgbImage.of(rgb, h, w);
    }

    @Test
    void naiveOracleMatchesGoldenStages() {
        int compared = 0;
        for (String id : List.of("image_landscape_320x240", "image_resize_below_crop_odd", "image_resize_identity",
                "image_uint8_hwc_equivalent", "video_8_frames")) {
            try (GoldenCase c = GoldenImageCase.open(id)) {
                TvltImageProcessor p = GoldenImageCase.processor(c);
                for (String key : c.keys("expected.stage.")) {
                    if (!key.endsWith(".resized")) {
                        continue;
                    }
                    String frame = key.substring("expected.stage.frame".length(), key.length() - ".resized".length());
                    RgbImage input = (RgbImage) GoldenImageCase.frame(c,
                            c.has("input.image") ? "input.image" : "input.frame." + frame);
                    long[] shape = c.shape(key);
                    RgbImage naive = NaiveResize.resize(input, (int) shape[1], (int) shape[0], p.config().resample());
                    assertTrue(Arrays.equals(c.bytes(key), naive.rgb()), id + " " + key);
                    compared++;
                }
            }
        }
        assertEquals(5, compared);
    }

    @Test
    void everyGoldenCaseSizeMatchesTheOracleOnRandomImagesForEveryFilter() throws IOException {
        SortedSet<CaseSize> sizes = goldenCaseSizes();
        assertTrue(sizes.size() >= 10, "golden case sizes found: " + sizes);
        Random random = new Random(20230915);
        for (CaseSize s : sizes) {
            RgbImage image = randomImage(random, s.inH(), s.inW());
            for (Resample filter : CONVOLUTIONS) {
                RgbImage ours = PillowResampler.resize(image, s.outW(), s.outH(), filter);
                RgbImage oracle = NaiveResize.resize(image, s.outW(), s.outH(), filter);
                assertEquals(oracle, ours, s + " " + filter);
            }
        }
    }

    @Test
    void randomSizesMatchTheOracle() {
        Random random = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int inH = 1 + random.nextInt(40);
            int inW = 1 + random.nextInt(40);
            int outH = 1 + random.nextInt(60);
            int outW = 1 + random.nextInt(60);
            Resample filter = CONVOLUTIONS[random.nextInt(CONVOLUTIONS.length)];
            RgbImage image = randomImage(random, inH, inW);
            assertEquals(NaiveResize.resize(image, outW, outH, filter),
                    PillowResampler.resize(image, outW, outH, filter),
                    inH + "x" + inW + " -> " + outH + "x" + outW + " " + filter);
        }
    }

    /** The fused resize+crop computes windows; any window equals that part of the golden resized stage. */
    @Test
    void randomWindowsEqualTheGoldenResizedStage() {
        Random random = new Random(11);
        for (String id : List.of("image_landscape_320x240", "image_resize_below_crop_odd", "video_8_frames",
                "image_uint8_hwc_equivalent")) {
            try (GoldenCase c = GoldenImageCase.open(id)) {
                TvltImageProcessor p = GoldenImageCase.processor(c);
                String key = c.keys("expected.stage.").stream().filter(k -> k.endsWith(".resized")).findFirst()
                        .orElseThrow();
                String frame = key.substring("expected.stage.frame".length(), key.length() - ".resized".length());
                RgbImage input = (RgbImage) GoldenImageCase.frame(c,
                        c.has("input.image") ? "input.image" : "input.frame." + frame);
                long[] shape = c.shape(key);
                RgbImage stage = RgbImage.of(c.bytes(key), (int) shape[0], (int) shape[1]);
                for (int trial = 0; trial < 25; trial++) {
                    int top = random.nextInt(stage.height());
                    int left = random.nextInt(stage.width());
                    int h = 1 + random.nextInt(stage.height() - top);
                    int w = 1 + random.nextInt(stage.width() - left);
                    RgbImage window = PillowResampler.resizeWindow(input, stage.width(), stage.height(), p.config().resample(),
                            left, top, w, h);
                    assertEquals(region(stage, top, left, h, w), window, id + " window " + h + "x" + w + " at ("
                            + top + ", " + left + ")");
                }
            }
        }
    }

    @Test
    void randomWindowsEqualTheFullResizeForEveryFilter() {
        Random random = new Random(13);
        for (int trial = 0; trial < 80; trial++) {
            Resample filter = Resample.values()[random.nextInt(Resample.values().length)];
            RgbImage image = randomImage(random, 1 + random.nextInt(50), 1 + random.nextInt(50));
            int outH = 1 + random.nextInt(70);
            int outW = 1 + random.nextInt(70);
            RgbImage full = PillowResampler.resize(image, outW, outH, filter);
            int top = random.nextInt(outH);
            int left = random.nextInt(outW);
            int h = 1 + random.nextInt(outH - top);
            int w = 1 + random.nextInt(outW - left);
            assertEquals(region(full, top, left, h, w),
                    PillowResampler.resizeWindow(image, outW, outH, filter, left, top, w, h), filter + " trial " + trial);
        }
    }

    static RgbImage region(RgbImage image, int top, int left, int h, int w) {
        byte[] out = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) image.get(top + y, left + x, c);
                }
            }
        }
        return RgbImage.of(out, h, w);
    }
}
