package ai.tvlt.core.config;

import static ai.tvlt.core.config.ConfigAssertions.assertConfigError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Processor configs: defaults, hub files, resample names, sizes, derivation from the model config. */
class TvltProcessorConfigTest {

    /** A flat hub-style preprocessor_config.json with both processors' keys and ignored keys. */
    private static final String HUB_JSON = "{\n"
            + "  \"crop_size\": {\"height\": 192, \"width\": 160},\n"
            + "  \"do_center_crop\": true,\n"
            + "  \"do_normalize\": true,\n"
            + "  \"do_rescale\": false,\n"
            + "  \"do_resize\": true,\n"
            + "  \"feature_extractor_type\": \"TvltFeatureExtractor\",\n"
            + "  \"feature_size\": 64,\n"
            + "  \"freq_len\": 4,\n"
            + "  \"hop_length\": 441,\n"
            + "  \"hop_length_to_sampling_rate\": 100,\n"
            + "  \"image_mean\": [0.485, 0.456, 0.406],\n"
            + "  \"image_processor_type\": \"TvltImageProcessor\",\n"
            + "  \"image_std\": [0.229, 0.224, 0.225],\n"
            + "  \"mel_filters\": [[0.0, 0.1], [0.2, 0.3]],\n"
            + "  \"n_fft\": 1024,\n"
            + "  \"num_channels\": 1,\n"
            + "  \"num_frames\": 16,\n"
            + "  \"padding_side\": \"right\",\n"
            + "  \"padding_value\": -1.0,\n"
            + "  \"patch_size\": [8, 8],\n"
            + "  \"processor_class\": \"TvltProcessor\",\n"
            + "  \"resample\": 3,\n"
            + "  \"rescale_factor\": 0.5,\n"
            + "  \"return_attention_mask\": true,\n"
            + "  \"sampling_rate\": 44100,\n"
            + "  \"size\": {\"shortest_edge\": 256},\n"
            + "  \"spectrogram_length\": 512\n"
            + "}\n";

    @TempDir
    Path tmp;

    @Test
    void featureExtractorDefaultsMatchReference() {
        TvltFeatureExtractorConfig a = TvltFeatureExtractorConfig.defaults();
        assertEquals(2048, a.spectrogramLength());
        assertEquals(1, a.numChannels());
        assertArrayEquals(new int[] {16, 16}, a.patchSize());
        assertEquals(128, a.featureSize());
        assertEquals(44100, a.samplingRate());
        assertEquals(86, a.hopLengthToSamplingRate());
        assertEquals(2048, a.nFft());
        assertEquals(0.0, a.paddingValue());
        assertEquals(512, a.hopLength());
        assertEquals(8, a.freqLen());
    }

    @Test
    void imageProcessorDefaultsMatchReference() {
        TvltImageProcessorConfig i = TvltImageProcessorConfig.defaults();
        assertTrue(i.doResize());
        assertEquals(OptionalInt.of(224), i.size().shortestEdge());
        assertEquals(Map.of("shortest_edge", 224), i.size().asMap());
        assertArrayEquals(new int[] {16, 16}, i.patchSize());
        assertEquals(8, i.numFrames());
        assertEquals(Resample.BILINEAR, i.resample());
        assertEquals(2, i.resample().pillowCode());
        assertTrue(i.doCenterCrop());
        assertEquals(Map.of("height", 224, "width", 224), i.cropSize().asMap());
        assertTrue(i.doRescale());
        assertEquals(0.00392156862745098, i.rescaleFactor());
        assertTrue(i.doNormalize());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, i.imageMean());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, i.imageStd());
    }

    @Test
    void emptyJsonGivesDefaults() {
        TvltProcessorConfig p = TvltProcessorConfig.fromJson("{}");
        assertEquals(TvltProcessorConfig.defaults(), p);
        assertEquals(TvltFeatureExtractorConfig.defaults(), p.featureExtractor());
        assertEquals(TvltImageProcessorConfig.defaults(), p.imageProcessor());
        assertTrue(p.extraKeys().isEmpty());
    }

    @Test
    void flatHubJsonFillsBothProcessors() throws IOException {
        Path file = tmp.resolve("preprocessor_config.json");
        Files.writeString(file, HUB_JSON);
        TvltProcessorConfig p = TvltProcessorConfig.fromJson(file);
        TvltFeatureExtractorConfig a = p.featureExtractor();
        assertEquals(512, a.spectrogramLength());
        assertEquals(64, a.featureSize());
        assertEquals(1024, a.nFft());
        assertEquals(100, a.hopLengthToSamplingRate());
        assertEquals(441, a.hopLength());
        assertEquals(8, a.freqLen());
        assertEquals(-1.0, a.paddingValue());
        assertArrayEquals(new int[] {8, 8}, a.patchSize());
        TvltImageProcessorConfig i = p.imageProcessor();
        assertArrayEquals(new int[] {8, 8}, i.patchSize());
        assertEquals(OptionalInt.of(256), i.size().shortestEdge());
        assertEquals(OptionalInt.of(192), i.cropSize().height());
        assertEquals(OptionalInt.of(160), i.cropSize().width());
        assertEquals(16, i.numFrames());
        assertEquals(Resample.BICUBIC, i.resample());
        assertFalse(i.doRescale());
        assertEquals(0.5, i.rescaleFactor());
        assertArrayEquals(new double[] {0.485, 0.456, 0.406}, i.imageMean());
        assertArrayEquals(new double[] {0.229, 0.224, 0.225}, i.imageStd());
        assertEquals(List.of("padding_side", "return_attention_mask"), List.copyOf(p.extraKeys().keySet()));
    }

    @Test
    void streamAndStringGiveTheSameAsFile() {
        TvltProcessorConfig s = TvltProcessorConfig.fromJson(HUB_JSON);
        TvltProcessorConfig in = TvltProcessorConfig.fromJson(
                new ByteArrayInputStream(HUB_JSON.getBytes(StandardCharsets.UTF_8)));
        assertEquals(s, in);
        assertEquals(s.featureExtractor(), TvltFeatureExtractorConfig.fromJson(HUB_JSON));
        assertEquals(s.imageProcessor(), TvltImageProcessorConfig.fromJson(HUB_JSON));
    }

    @ParameterizedTest
    @CsvSource({"0, NEAREST", "1, LANCZOS", "2, BILINEAR", "3, BICUBIC", "4, BOX", "5, HAMMING"})
    void resampleByNumber(int code, Resample expected) {
        assertEquals(expected, TvltImageProcessorConfig.fromJson("{\"resample\": " + code + "}").resample());
        assertEquals(code, expected.pillowCode());
    }

    @ParameterizedTest
    @CsvSource({"bilinear, BILINEAR", "BILINEAR, BILINEAR", "Bicubic, BICUBIC", "nearest, NEAREST",
        "lanczos, LANCZOS", "box, BOX", "hamming, HAMMING", "linear, BILINEAR", "cubic, BICUBIC",
        "antialias, LANCZOS", "PILImageResampling.BICUBIC, BICUBIC", "3, BICUBIC"})
    void resampleByName(String name, Resample expected) {
        assertEquals(expected, TvltImageProcessorConfig.fromJson("{\"resample\": \"" + name + "\"}").resample());
    }

    @Test
    void invalidResampleNamesTheKey() {
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"resample\": 7}"), "'resample'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"resample\": \"fancy\"}"), "'resample'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"resample\": 2.5}"), "'resample'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"resample\": \"99999999999\"}"),
                "'resample'");
    }

    @Test
    void sizeWithoutShortestEdgeIsRepresentable() {
        TvltImageProcessorConfig i = TvltImageProcessorConfig.fromJson("{\"size\": {\"height\": 224, \"width\": 200}}");
        assertFalse(i.size().shortestEdge().isPresent());
        assertEquals(OptionalInt.of(224), i.size().height());
        assertEquals(OptionalInt.of(200), i.size().width());
        assertFalse(i.size().longestEdge().isPresent());
    }

    @Test
    void sizeShorthandsFollowGetSizeDict() {
        TvltImageProcessorConfig i = TvltImageProcessorConfig.fromJson("{\"size\": 112, \"crop_size\": 96}");
        assertEquals(SizeDict.ofShortestEdge(112), i.size());
        assertEquals(SizeDict.ofHeightWidth(96, 96), i.cropSize());
        TvltImageProcessorConfig pair = TvltImageProcessorConfig.fromJson("{\"crop_size\": [64, 48]}");
        assertEquals(SizeDict.ofHeightWidth(64, 48), pair.cropSize());
        TvltImageProcessorConfig edges = TvltImageProcessorConfig.fromJson(
                "{\"size\": {\"shortest_edge\": 200, \"longest_edge\": 300}}");
        assertEquals(OptionalInt.of(300), edges.size().longestEdge());
    }

    @Test
    void invalidSizesNameTheKey() {
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"size\": {\"foo\": 1}}"), "'size'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"size\": {\"height\": 4}}"), "'size'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"size\": {\"shortest_edge\": 0}}"),
                "'size.shortest_edge'");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"crop_size\": {\"height\": \"a\", \"width\": 1}}"),
                "crop_size.height");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson("{\"crop_size\": \"big\"}"), "'crop_size'");
        assertConfigError(() -> SizeDict.of(Map.of("width", 3)), "'size'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "feature_size|0", "spectrogram_length|-1", "num_channels|0", "sampling_rate|0",
        "hop_length_to_sampling_rate|0", "n_fft|0", "n_fft|\"x\"", "patch_size|[16]", "patch_size|[0, 16]",
        "padding_value|\"zero\"", "feature_size|8", "sampling_rate|50", "spectrogram_length|8"})
    void invalidFeatureExtractorValuesNameTheKey(String key, String value) {
        assertConfigError(() -> TvltProcessorConfig.fromJson("{\"" + key + "\": " + value + "}"), key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "num_frames|0", "rescale_factor|0", "rescale_factor|\"a\"", "image_mean|[]", "image_mean|0.5",
        "image_mean|[0.5, 0.5]", "image_std|[0.5, 0.0, 0.5]", "image_std|[0.5, \"a\", 0.5]", "do_resize|\"no\"",
        "do_center_crop|null", "do_rescale|0", "do_normalize|[]"})
    void invalidImageProcessorValuesNameTheKey(String key, String value) {
        assertConfigError(() -> TvltProcessorConfig.fromJson("{\"" + key + "\": " + value + "}"), key);
    }

    @Test
    void fileErrorsNameFileAndKey() throws IOException {
        Path file = tmp.resolve("preprocessor_config.json");
        Files.writeString(file, "{\"n_fft\": -5}");
        assertConfigError(() -> TvltProcessorConfig.fromJson(file), "preprocessor_config.json", "'n_fft'");
        assertConfigError(() -> TvltFeatureExtractorConfig.fromJson(file), "preprocessor_config.json", "'n_fft'");
        Files.writeString(file, "{\"num_frames\": 0}");
        assertConfigError(() -> TvltImageProcessorConfig.fromJson(file), "preprocessor_config.json",
                "'num_frames'");
        Files.writeString(file, "{\"num_frames\": ");
        assertConfigError(() -> TvltProcessorConfig.fromJson(file), "preprocessor_config.json", "Malformed");
    }

    @Test
    void fromModelConfigOfDefaultsIsTheDefaultProcessor() {
        assertEquals(TvltProcessorConfig.defaults(), TvltProcessorConfig.fromModelConfig(TvltConfig.defaults()));
    }

    @Test
    void fromModelConfigAgreesWithTheModel() {
        TvltConfig model = TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-classification"))
                .toBuilder().imagePatchSize(8, 8).audioPatchSize(16, 8).build();
        TvltProcessorConfig p = TvltProcessorConfig.fromModelConfig(model);
        TvltImageProcessorConfig i = p.imageProcessor();
        assertEquals(SizeDict.ofShortestEdge(32), i.size());
        assertEquals(SizeDict.ofHeightWidth(32, 32), i.cropSize());
        assertArrayEquals(new int[] {8, 8}, i.patchSize());
        assertEquals(4, i.numFrames());
        TvltFeatureExtractorConfig a = p.featureExtractor();
        assertEquals(64, a.featureSize());
        assertEquals(128, a.spectrogramLength());
        assertArrayEquals(new int[] {16, 8}, a.patchSize());
        assertEquals(model.numFreqPatches(), a.freqLen());
        assertEquals(model.numPixelPatchesPerFrame(),
                (i.size().shortestEdge().getAsInt() / i.patchSize()[0]) * (i.size().shortestEdge().getAsInt()
                        / i.patchSize()[1]));
    }

    @Test
    void fromModelConfigUsesOneMeanPerImageChannel() {
        TvltConfig gray = TvltConfig.builder().numImageChannels(1).build();
        TvltImageProcessorConfig i = TvltProcessorConfig.fromModelConfig(gray).imageProcessor();
        assertArrayEquals(new double[] {0.5}, i.imageMean());
        assertArrayEquals(new double[] {0.5}, i.imageStd());
    }

    @Test
    void subConfigsRoundTripThroughJson() {
        TvltProcessorConfig p = TvltProcessorConfig.fromJson(HUB_JSON);
        assertEquals(p.featureExtractor(), TvltFeatureExtractorConfig.fromJson(p.featureExtractor().toJson()));
        assertEquals(p.imageProcessor(), TvltImageProcessorConfig.fromJson(p.imageProcessor().toJson()));
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void buildersCopyArraysAndRebuild() {
        double[] mean = {0.1, 0.2, 0.3};
        TvltImageProcessorConfig i = TvltImageProcessorConfig.builder().imageMean(mean).build();
        mean[0] = 9;
        i.imageMean()[1] = 9;
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, i.imageMean());
        assertEquals(i, i.toBuilder().build());
        TvltFeatureExtractorConfig a = TvltFeatureExtractorConfig.builder().samplingRate(16000).build();
        assertEquals(186, a.hopLength());
        assertEquals(a, a.toBuilder().build());
        assertEquals(48000, a.toBuilder().samplingRate(48000).build().samplingRate());
    }
}
