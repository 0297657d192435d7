package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.weights.testing.GoldenCase;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The golden error cases and other bad input: clear exceptions that name the problem. */
class TvltImageProcessorErrorTest {

    private static <T extends TvltException> T assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
        return e;
    }

    private static String referenceMessage(GoldenCase c) {
        return c.meta().get("expected_error").get("message").asText();
    }

    @Test
    void videoLongerThanNumFramesIsRejectedWithTheReferenceMessage() {
        for (String id : List.of("video_10_frames_error", "video_10_frames_num_frames_arg_error")) {
            try (GoldenCase c = GoldenImageCase.open(id)) {
                TvltImageProcessor processor = GoldenImageCase.processor(c);
                List<VideoFrame> video = GoldenImageCase.video(c, "input");
                assertMessage(InvalidInputException.class, () -> processor.preprocessVideo(video),
                        referenceMessage(c), "video 0 has 10 frames");
            }
        }
    }

    @Test
    void twoDimensionalGreyArrayIsRejected() {
        try (GoldenCase c = GoldenImageCase.open("image_grayscale_2d_error")) {
            assertMessage(InvalidInputException.class,
                    () -> RgbImage.fromArray(c.bytes("input.image"), c.shape("input.image")),
                    "3-D image array", "[30, 40]", "2-D grey");
        }
    }

    @Test
    void rgbaArrayIsRejected() {
        try (GoldenCase c = GoldenImageCase.open("image_rgba_error")) {
            assertTrue(referenceMessage(c).startsWith("Unable to infer channel dimension format"));
            assertMessage(InvalidInputException.class,
                    () -> RgbImage.fromArray(c.bytes("input.image"), c.shape("input.image")),
                    "unable to infer channel dimension format", "[30, 40, 4]", "RGBA");
            assertMessage(InvalidInputException.class,
                    () -> RgbImage.fromArray(c.bytes("input.image"), ChannelLayout.CHANNELS_LAST,
                            c.shape("input.image")), "4 channels");
        }
    }

    @Test
    void sizeWithoutShortestEdgeIsRejected() {
        try (GoldenCase c = GoldenImageCase.open("image_size_height_width_error")) {
            assertTrue(referenceMessage(c).contains("shortest_edge"));
            assertMessage(ConfigException.class, () -> GoldenImageCase.processor(c), "shortest_edge",
                    "{height=224, width=224}");
        }
    }

    @Test
    void floatValuesOutsideZeroOneAreRejected() {
        try (GoldenCase c = GoldenImageCase.open("processor_doc_example_error")) {
            double[] all = c.doubles("input.images");
            float[] first = new float[3 * 32 * 32];
            for (int i = 0; i < first.length; i++) {
                first[i] = (float) all[i];
            }
            assertTrue(referenceMessage(c).contains("outside the range [0, 1]"));
            assertMessage(InvalidInputException.class, () -> FloatImage.fromArray(first, 3, 32, 32),
                    "outside the range [0, 1]");
        }
        assertMessage(InvalidInputException.class,
                () -> FloatImage.of(new float[] {0f, Float.NaN, 1f}, 1, 1), "NaN");
    }

    @Test
    void zeroSizeAndMalformedFramesAreRejected() {
        assertMessage(InvalidInputException.class, () -> RgbImage.of(new byte[0], 0, 5), "height 0");
        assertMessage(InvalidInputException.class, () -> RgbImage.fromArray(new byte[0], 0, 4, 3), "height 0");
        assertMessage(InvalidInputException.class, () -> RgbImage.of(new byte[5], 2, 2), "needs 12 bytes");
        assertMessage(InvalidInputException.class, () -> RgbImage.fromArray(new byte[10], 2, 5, 1, 1),
                "3-D image array");
    }

    @Test
    void emptyBatchesVideosAndNullFramesAreRejected() {
        TvltImageProcessor p = TvltImageProcessor.defaults();
        RgbImage frame = RgbImage.black(4, 4);
        assertMessage(InvalidInputException.class, () -> p.preprocess(List.of()), "no video");
        assertMessage(InvalidInputException.class, () -> p.preprocess(List.of(List.of(frame), List.of())),
                "video 1 has no frames");
        assertMessage(InvalidInputException.class,
                () -> p.preprocess(List.of(Arrays.asList(frame, null))), "video 0, frame 1 is null");
    }

    @Test
    void framesThatCannotBeStackedAreRejected() {
        TvltImageProcessor noCrop = TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder().doCenterCrop(false)
                .size(SizeDict.ofShortestEdge(32)).build());
        assertMessage(InvalidInputException.class,
                () -> noCrop.preprocessVideo(List.of(RgbImage.black(40, 50), RgbImage.black(50, 40))),
                "video 0, frame 1", "cannot be stacked");
    }

    @Test
    void badSettingsAreRejected() {
        assertMessage(ConfigException.class, () -> TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder()
                .imageStd(0.5, 0.0, 0.5).build()), "image_std");
        assertMessage(ConfigException.class, () -> TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder()
                .imageMean(0.5, 0.5).imageStd(0.5, 0.5).build()), "1 or 3");
        assertMessage(ConfigException.class, () -> TvltImageProcessor.fromConfig(TvltImageProcessorConfig.fromJson(
                "{\"crop_size\": {\"height\": 0, \"width\": 3}}")), "crop_size.height");
        assertMessage(ConfigException.class, () -> TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder()
                .cropSize(SizeDict.ofShortestEdge(224)).build()), "crop_size", "height", "width");
    }
}
