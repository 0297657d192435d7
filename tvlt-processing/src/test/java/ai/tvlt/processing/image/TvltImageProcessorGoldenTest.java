package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public image/video golden case the Java API can express, compared with the reference: uint8 stages and
 * {@code pixel_values} exactly ({@link Tolerance#EXACT}), {@code pixel_mask} exactly. Media-file cases and error
 * cases are in {@link ImageGoldenMediaTest} and {@link TvltImageProcessorErrorTest};
 * {@link #everyImageCaseIsCovered} checks that no case is left out.
 *
 * <p>How Python-only inputs map to Java: numpy uint8 arrays ({@code input.*} U8) are {@link RgbImage}s,
 * float32 arrays are {@link FloatImage}s (channel layout inferred as the reference does), PIL images are the
 * decoded files as {@link RgbImage}, lists of frames and lists of videos are {@code List}s. Not applicable:
 * {@code return_tensors} (Java always returns tensors; the ragged batch that 'np'/'pt' cannot stack is padded),
 * {@code data_format}/{@code input_data_format} (output is always channels-first, input layout is inferred or
 * given by {@link ChannelLayout}), the {@code num_frames} call argument (ignored by the reference too) and
 * {@code is_mixed} (only the output names differ: call the processor once per input).
 */
class TvltImageProcessorGoldenTest {

    @ParameterizedTest
    @MethodSource("exactCases")
    void singleImageOrVideoMatchesExactly(String id) {
        try (GoldenCase c = GoldenImageCase.open(id)) {
            TvltImageProcessor processor = GoldenImageCase.processor(c);
            List<VideoFrame> video = c.has("input.image") ? List.of(GoldenImageCase.frame(c, "input.image"))
                    : GoldenImageCase.video(c, "input");
            PixelInputs out = processor.preprocessVideo(video);
            c.assertClose("expected.pixel_values", out.pixelValues().data(), out.pixelValues().shape(),
                    Tolerance.EXACT);
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());
            assertStages(c, processor, video);
        }
    }

    static List<String> exactCases() {
        return EXACT_CASES;
    }

    /** {@code expected.stage.frame<i>.resized/.cropped}: uint8 HWC, or float32 CHW for float input. */
    static void assertStages(GoldenCase c, TvltImageProcessor processor, List<? extends VideoFrame> video) {
        int compared = 0;
        for (int i = 0; i < video.size(); i++) {
            VideoFrame frame = video.get(i);
            RgbImage pixels = frame instanceof FloatImage f ? f.quantize() : (RgbImage) frame;
            RgbImage resized = processor.resize(pixels);
            RgbImage cropped = processor.centerCrop(resized);
            compared += assertStage(c, "expected.stage.frame" + i + ".resized", resized, frame);
            compared += assertStage(c, "expected.stage.frame" + i + ".cropped", cropped, frame);
        }
        assertEquals(c.keys("expected.stage.").size(), compared, "every stage tensor of " + c + " is compared");
    }

    private static int assertStage(GoldenCase c, String key, RgbImage actual, VideoFrame input) {
        if (!c.has(key)) {
            return 0;
        }
        if (input instanceof FloatImage) {
            // the reference's float path hands back float32(u8 * (1/255)) in the input's channels-first layout
            double[] chw = new double[actual.height() * actual.width() * 3];
            int plane = actual.height() * actual.width();
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    chw[ch * plane + p] = (float) (actual.get(p / actual.width(), p % actual.width(), ch) / 255.0);
                }
            }
            c.assertClose(key, chw, new long[] {3, actual.height(), actual.width()}, Tolerance.EXACT);
        } else {
            c.assertClose(key, GoldenImageCase.unsigned(actual.rgb()), GoldenImageCase.hwc(actual), Tolerance.EXACT);
        }
        return 1;
    }

    /** Test methods of this package per golden case id: every image/video/processor case has one. */
    private static final Map<String, String> COVERAGE = Map.ofEntries(
            Map.entry("batch_2_videos_ragged", "raggedBatchPadsMissingFramesWithZerosAndMatchesEachVideo"),
            Map.entry("image_float01_chw_default_rescale", "floatInputIsRescaledOnceNotTwice"),
            Map.entry("image_uint8_no_rescale_quirk", "uint8WithoutRescaleNormalisesRawValues"),
            Map.entry("processor_images_audio_mixed", "processorCaseImagesAndMixedImagesMatch"),
            Map.entry("png_frames_video", "ImageGoldenMediaTest.pngFramesVideoEndToEndFromFiles"),
            Map.entry("jpeg_q90_image", "ImageGoldenMediaTest.jpegQ90ImageWithinDecoderTolerance"),
            Map.entry("video_10_frames_error",
                    "TvltImageProcessorErrorTest.videoLongerThanNumFramesIsRejectedWithTheReferenceMessage"),
            Map.entry("video_10_frames_num_frames_arg_error",
                    "TvltImageProcessorErrorTest.videoLongerThanNumFramesIsRejectedWithTheReferenceMessage"),
            Map.entry("image_grayscale_2d_error", "TvltImageProcessorErrorTest.twoDimensionalGreyArrayIsRejected"),
            Map.entry("image_rgba_error", "TvltImageProcessorErrorTest.rgbaArrayIsRejected"),
            Map.entry("image_size_height_width_error",
                    "TvltImageProcessorErrorTest.sizeWithoutShortestEdgeIsRejected"),
            Map.entry("processor_doc_example_error",
                    "TvltImageProcessorErrorTest.floatValuesOutsideZeroOneAreRejected"));

    private static final List<String> EXACT_CASES = List.of("image_500x375", "image_crop_pad_odd_no_resize",
            "image_float01_chw_no_rescale", "image_landscape_320x240", "image_nondefault_bicubic",
            "image_portrait_240x320", "image_resize_below_crop_odd", "image_resize_identity",
            "image_tiny_no_resize_crop_pads", "image_tiny_upscale", "image_uint8_hwc_equivalent", "video_3_frames",
            "video_8_frames", "video_10_frames_ctor_num_frames_16");

    @Test
    void everyImageCaseIsCovered() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(
                GoldenFiles.resolve("processing"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))
                    .filter(n -> !n.startsWith("audio_")).forEach(n -> ids.add(n.replace(".safetensors", "")));
        }
        Set<String> covered = new TreeSet<>(COVERAGE.keySet());
        covered.addAll(EXACT_CASES);
        assertEquals(ids, covered);
    }

    @Test
    void raggedBatchPadsMissingFramesWithZerosAndMatchesEachVideo() {
        try (GoldenCase c = GoldenImageCase.open("batch_2_videos_ragged")) {
            List<List<VideoFrame>> videos = GoldenImageCase.batch(c);
            PixelInputs out = GoldenImageCase.processor(c).preprocess(videos);
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());
            long[] shape = out.pixelValues().shape();
            assertArrayEquals(new long[] {2, 4, 3, 64, 64}, shape);
            float[] all = out.pixelValues().data();
            int frameSize = 3 * 64 * 64;
            for (int v = 0; v < videos.size(); v++) {
                int frames = videos.get(v).size();
                int start = v * 4 * frameSize;
                float[] valid = Arrays.copyOfRange(all, start, start + frames * frameSize);
                c.assertClose("expected.pixel_values." + v, valid, new long[] {frames, 3, 64, 64}, Tolerance.EXACT);
                for (int i = start + frames * frameSize; i < start + 4 * frameSize; i++) {
                    assertEquals(0f, all[i], "padded frame value at " + i);
                }
            }
        }
    }

    @Test
    void processorCaseImagesAndMixedImagesMatch() {
        try (GoldenCase c = GoldenImageCase.open("processor_images_audio_mixed")) {
            TvltImageProcessor processor = GoldenImageCase.processor(GoldenImageCase.settings(c, "image_processor"));
            PixelInputs images = processor.preprocessVideo(GoldenImageCase.video(c, "input.images"));
            PixelInputs mixed = processor.preprocessVideo(GoldenImageCase.video(c, "input.images_mixed"));
            c.assertClose("expected.pixel_values", images.pixelValues().data(), images.pixelValues().shape(),
                    Tolerance.EXACT);
            c.assertExact("expected.pixel_mask", images.pixelMask().data(), images.pixelMask().shape());
            c.assertClose("expected.pixel_values_mixed", mixed.pixelValues().data(), mixed.pixelValues().shape(),
                    Tolerance.EXACT);
            c.assertExact("expected.pixel_mask_mixed", mixed.pixelMask().data(), mixed.pixelMask().shape());
        }
    }

    /**
     * Not reproduced (SPEC 1): the reference rescales float input in [0, 1] twice when do_rescale is true. The
     * Java API does the intended thing, which is the reference's do_rescale=False output; the stages before the
     * second rescale still match this case's own goldens exactly.
     */
    @Test
    void floatInputIsRescaledOnceNotTwice() {
        float[] intended;
        long[] intendedShape;
        try (GoldenCase correct = GoldenImageCase.open("image_float01_chw_no_rescale")) {
            intended = correct.floats("expected.pixel_values");
            intendedShape = correct.shape("expected.pixel_values");
        }
        try (GoldenCase c = GoldenImageCase.open("image_float01_chw_default_rescale")) {
            TvltImageProcessor processor = GoldenImageCase.processor(c);
            assertTrue(processor.config().doRescale());
            VideoFrame image = GoldenImageCase.frame(c, "input.image");
            PixelInputs out = processor.preprocess(image);
            assertArrayEquals(intendedShape, out.pixelValues().shape());
            assertArrayEquals(intended, out.pixelValues().data());
            assertFalse(Arrays.equals(c.floats("expected.pixel_values"), out.pixelValues().data()),
                    "the reference's double-rescaled values are not reproduced");
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());
            assertStages(c, processor, List.of(image));
        }
    }

    /**
     * Not reproduced (SPEC 1): uint8 input with do_rescale=False and do_normalize=True gives +inf/NaN in the
     * reference (mean and std cast to uint8 0). The Java API normalises the raw values in float32: NaN (pixel 0)
     * becomes (0 - 0.5) / 0.5 = -1, +inf (pixel > 0) a finite value above -1.
     */
    @Test
    void uint8WithoutRescaleNormalisesRawValues() {
        try (GoldenCase c = GoldenImageCase.open("image_uint8_no_rescale_quirk")) {
            TvltImageProcessor processor = GoldenImageCase.processor(c);
            RgbImage image = (RgbImage) GoldenImageCase.frame(c, "input.image");
            PixelInputs out = processor.preprocess(image);
            double[] reference = c.doubles("expected.pixel_values");
            assertArrayEquals(c.shape("expected.pixel_values"), out.pixelValues().shape());
            c.assertExact("expected.pixel_mask", out.pixelMask().data(), out.pixelMask().shape());
            RgbImage cropped = processor.centerCrop(processor.resize(image));
            int plane = cropped.height() * cropped.width();
            for (int i = 0; i < reference.length; i++) {
                int ch = i / plane;
                int p = i % plane;
                int raw = cropped.get(p / cropped.width(), p % cropped.width(), ch);
                float expected = (raw - 0.5f) / 0.5f;
                assertEquals(expected, out.pixelValues().get(i), 0f, "value " + i);
                assertEquals(Double.isNaN(reference[i]), raw == 0, "reference NaN exactly where the pixel is 0");
            }
        }
    }
}
