package ai.tvlt.processing;

import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.image.TvltImageProcessor;
import ai.tvlt.processing.audio.TvltFeatureExtractor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TvltProcessor against the reference's combined call, and its construction from checkpoints. */
class TvltProcessorTest {

    @Test
    void imagesAudioAndMixedMatchTheReference() {
        try (GoldenCase c = GoldenCase.open("processing/processor_images_audio_mixed.safetensors")) {
            TvltProcessor processor = new TvltProcessor(
                    TvltImageProcessor.fromConfig(TvltImageProcessorConfig.builder().size(SizeDict.ofShortestEdge(64))
                            .cropSize(SizeDict.ofHeightWidth(64, 64)).build()),
                    TvltFeatureExtractor.defaults());
            TvltProcessorOutput out = processor.process(TvltProcessorRequest.builder()
                    .videos(List.of(frames(c, "input.images.frame.")))
                    .videosMixed(List.of(frames(c, "input.images_mixed.frame.")))
                    .audio(List.of(c.floats("input.audio")), 44100)
                    .build());
            c.assertClose("expected.pixel_values", out.pixels().pixelValues().data(),
                    out.pixels().pixelValues().shape(), Tolerance.EXACT);
            c.assertExact("expected.pixel_mask", out.pixels().pixelMask().data(), out.pixels().pixelMask().shape());
            c.assertClose("expected.pixel_values_mixed", out.pixelsMixed().pixelValues().data(),
                    out.pixelsMixed().pixelValues().shape(), Tolerance.EXACT);
            c.assertExact("expected.pixel_mask_mixed", out.pixelsMixed().pixelMask().data(),
                    out.pixelsMixed().pixelMask().shape());
            c.assertClose("expected.audio_values", out.audio().audioValues().data(),
                    out.audio().audioValues().shape(), Tolerance.EXACT);
            c.assertClose("expected.audio_mask", out.audio().audioMask().data(),
                    out.audio().audioMask().shape(), Tolerance.EXACT);
        }
    }

    @Test
    void partsNotGivenAreAbsent() {
        try (GoldenCase c = GoldenCase.open("processing/processor_images_audio_mixed.safetensors")) {
            TvltProcessorOutput out = TvltProcessor.defaults().process(TvltProcessorRequest.builder()
                    .audio(List.of(c.floats("input.audio"))).build());
            assertTrue(out.pixelInputs().isEmpty());
            assertTrue(out.pixelInputsMixed().isEmpty());
            assertTrue(out.audioFeatures().isPresent());
        }
    }

    @Test
    void checkpointWithoutPreprocessorConfigDerivesItFromTheModel() {
        Path dir = GoldenFiles.resolve("models/tiny-pretraining");
        TvltConfig model = TvltConfig.fromJson(dir.resolve("config.json"));
        TvltProcessor p = TvltProcessor.fromPretrained(dir);
        assertEquals(model.imageSize(), p.imageProcessor().shortestEdge());
        assertEquals(model.imageSize(), p.imageProcessor().cropHeight());
        assertEquals(model.numFrames(), p.imageProcessor().numFrames());
        assertEquals(model.frequencyLength(), p.featureExtractor().config().featureSize());
        assertEquals(model.spectrogramLength(), p.featureExtractor().config().spectrogramLength());
    }

    @Test
    void preprocessorConfigWinsOverTheModelConfig(@TempDir Path dir) throws Exception {
        Files.copy(GoldenFiles.resolve("models/tiny-pretraining/config.json"), dir.resolve("config.json"));
        Files.writeString(dir.resolve("preprocessor_config.json"),
                "{\"size\": {\"shortest_edge\": 48}, \"crop_size\": {\"height\": 48, \"width\": 48},"
                        + " \"feature_size\": 64, \"feature_extractor_type\": \"TvltFeatureExtractor\"}");
        TvltProcessor p = TvltProcessor.fromPretrained(dir);
        assertEquals(48, p.imageProcessor().shortestEdge());
        assertEquals(64, p.featureExtractor().config().featureSize());
    }

    @Test
    void badRequestsNameTheProblem(@TempDir Path empty) {
        TvltProcessor p = TvltProcessor.defaults();
        assertTrue(assertThrows(InvalidInputException.class,
                () -> p.process(TvltProcessorRequest.builder().build())).getMessage().contains("empty"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> TvltProcessorRequest.builder().videos(null)).getMessage().contains("videos"));
        List<float[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertTrue(assertThrows(InvalidInputException.class,
                () -> TvltProcessorRequest.builder().audio(withNull, 44100)).getMessage().contains("audio[0]"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> TvltProcessor.fromPretrained(empty)).getMessage().contains("config.json"));
        assertThrows(InvalidInputException.class,
                () -> p.process(List.of(RgbImage.of(new byte[3 * 4 * 4], 4, 4)), new float[5000], 16000));
    }

    private static List<RgbImage> frames(GoldenCase c, String prefix) {
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; c.has(prefix + i); i++) {
            frames.add(RgbImage.fromArray(c.bytes(prefix + i), c.shape(prefix + i)));
        }
        return frames;
    }
}
