package ai.tvlt.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every golden config.json parses to the values it holds. */
class TvltConfigGoldenTest {

    private static final Map<String, Function<TvltConfig, Integer>> INTS = Map.copyOf(intAccessors());
    private static final Map<String, Function<TvltConfig, Double>> DOUBLES = Map.of(
            "hidden_dropout_prob", TvltConfig::hiddenDropoutProb,
            "attention_probs_dropout_prob", TvltConfig::attentionProbsDropoutProb,
            "initializer_range", TvltConfig::initializerRange,
            "layer_norm_eps", TvltConfig::layerNormEps,
            "pixel_mask_ratio", TvltConfig::pixelMaskRatio,
            "audio_mask_ratio", TvltConfig::audioMaskRatio);
    private static final Map<String, Function<TvltConfig, Boolean>> BOOLS = Map.of(
            "qkv_bias", TvltConfig::qkvBias,
            "use_mean_pooling", TvltConfig::useMeanPooling,
            "task_matching", TvltConfig::taskMatching,
            "task_mae", TvltConfig::taskMae);
    private static final Map<String, Function<TvltConfig, int[]>> PAIRS = Map.of(
            "image_patch_size", TvltConfig::imagePatchSize,
            "audio_patch_size", TvltConfig::audioPatchSize);
    /** Keys compared by dedicated code in {@link #compareSpecialKeys}. */
    private static final Set<String> SPECIAL = Set.of("hidden_act", "audio_mask_type", "loss_type", "num_labels",
            "id2label", "label2id", "problem_type", "architectures", "model_type");

    private static Map<String, Function<TvltConfig, Integer>> intAccessors() {
        Map<String, Function<TvltConfig, Integer>> m = new LinkedHashMap<>();
        m.put("image_size", TvltConfig::imageSize);
        m.put("spectrogram_length", TvltConfig::spectrogramLength);
        m.put("frequency_length", TvltConfig::frequencyLength);
        m.put("num_image_channels", TvltConfig::numImageChannels);
        m.put("num_audio_channels", TvltConfig::numAudioChannels);
        m.put("num_frames", TvltConfig::numFrames);
        m.put("hidden_size", TvltConfig::hiddenSize);
        m.put("num_hidden_layers", TvltConfig::numHiddenLayers);
        m.put("num_attention_heads", TvltConfig::numAttentionHeads);
        m.put("intermediate_size", TvltConfig::intermediateSize);
        m.put("decoder_num_attention_heads", TvltConfig::decoderNumAttentionHeads);
        m.put("decoder_hidden_size", TvltConfig::decoderHiddenSize);
        m.put("decoder_num_hidden_layers", TvltConfig::decoderNumHiddenLayers);
        m.put("decoder_intermediate_size", TvltConfig::decoderIntermediateSize);
        return m;
    }

    @Test
    void comparisonCoversEveryKnownKey() {
        Set<String> covered = new HashSet<>();
        covered.addAll(INTS.keySet());
        covered.addAll(DOUBLES.keySet());
        covered.addAll(BOOLS.keySet());
        covered.addAll(PAIRS.keySet());
        covered.addAll(SPECIAL);
        assertEquals(TvltConfig.KNOWN_KEYS, covered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-realistic", "tiny-classification", "tiny-classification-bf16",
        "tiny-classification-f16", "tiny-pretraining", "tiny-pretraining-patch-meanpool", "tiny-regression"})
    void goldenConfigParsesToItsValues(String model) throws IOException {
        Path file = ConfigAssertions.goldenConfig(model);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        TvltConfig c = TvltConfig.fromJson(file);

        INTS.forEach((k, f) -> assertEquals(json.get(k).intValue(), f.apply(c), k));
        DOUBLES.forEach((k, f) -> assertEquals(json.get(k).doubleValue(), f.apply(c), k));
        BOOLS.forEach((k, f) -> assertEquals(json.get(k).booleanValue(), f.apply(c), k));
        PAIRS.forEach((k, f) -> assertArrayEquals(
                new int[] {json.get(k).get(0).intValue(), json.get(k).get(1).intValue()}, f.apply(c), k));
        compareSpecialKeys(json, c);
        compareExtraKeys(json, c);
    }

    private static void compareSpecialKeys(JsonNode json, TvltConfig c) {
        assertEquals(json.get("hidden_act").textValue(), c.hiddenAct());
        String maskType = json.get("audio_mask_type").textValue();
        assertEquals(maskType.equals("frame-level") ? AudioMaskType.FRAME_LEVEL : AudioMaskType.PATCH_LEVEL,
                c.audioMaskType());
        assertEquals(json.get("loss_type").textValue(), c.lossType().jsonValue());
        assertEquals(json.get("model_type").textValue(), c.modelType());
        assertTrue(json.get("problem_type").isNull());
        assertFalse(c.problemType().isPresent());
        List<String> arch = new ArrayList<>();
        json.get("architectures").forEach(n -> arch.add(n.textValue()));
        assertEquals(arch, c.architectures());
        Map<Integer, String> id2label = new TreeMap<>();
        json.get("id2label").fields().forEachRemaining(e -> id2label.put(Integer.valueOf(e.getKey()),
                e.getValue().textValue()));
        assertEquals(id2label, c.id2label());
        Map<String, Integer> label2id = new TreeMap<>();
        json.get("label2id").fields().forEachRemaining(e -> label2id.put(e.getKey(), e.getValue().intValue()));
        assertEquals(label2id, new TreeMap<>(c.label2id()));
        int expectedLabels = json.has("num_labels") ? json.get("num_labels").intValue() : id2label.size();
        assertEquals(expectedLabels, c.numLabels());
    }

    private static void compareExtraKeys(JsonNode json, TvltConfig c) {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!TvltConfig.KNOWN_KEYS.contains(e.getKey())) {
                expected.put(e.getKey(), e.getValue());
            }
        }
        assertEquals(expected, c.extraKeys());
        assertTrue(c.extraKeys().containsKey("torch_dtype"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-realistic", "tiny-classification", "tiny-pretraining-patch-meanpool",
        "tiny-regression"})
    void toJsonRoundTripsGoldenConfigs(String model) {
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig(model));
        TvltConfig again = TvltConfig.fromJson(c.toJson());
        assertEquals(c, again);
        assertEquals(c.hashCode(), again.hashCode());
        assertEquals(c.extraKeys(), again.extraKeys());
    }

    @Test
    void tinyClassificationHasThreeLabels() {
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-classification"));
        assertEquals(3, c.numLabels());
        assertEquals(Map.of(0, "LABEL_0", 1, "LABEL_1", 2, "LABEL_2"), c.id2label());
        assertEquals(LossType.CLASSIFICATION, c.lossType());
        assertEquals(List.of("TvltForAudioVisualClassification"), c.architectures());
        assertEquals(32, c.hiddenSize());
        assertEquals(8, c.headDim());
        assertEquals(4, c.numPixelPatchesPerFrame());
        assertEquals(4, c.numFreqPatches());
        assertEquals(8, c.maxAudioTimePatches());
        assertEquals(1e-6, c.layerNormEps());
    }

    @Test
    void tinyRegressionUsesRegressionLoss() {
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-regression"));
        assertEquals(LossType.REGRESSION, c.lossType());
        assertEquals(1, c.numLabels());
    }

    @Test
    void patchMeanpoolCheckpointIsPatchLevelWithMeanPooling() {
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-pretraining-patch-meanpool"));
        assertEquals(AudioMaskType.PATCH_LEVEL, c.audioMaskType());
        assertTrue(c.useMeanPooling());
        assertEquals(List.of("TvltForPreTraining"), c.architectures());
        assertEquals(2, c.numLabels());
    }

    @Test
    void smallRealisticMatchesItsEmbeddingShapes() {
        // pos_embed_v [1,196,64], freq_embed [1,8,64], pos_embed_a [1,128,64], temporal_embed [1,8,64]
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig("small-realistic"));
        assertEquals(196, c.numPixelPatchesPerFrame());
        assertEquals(8, c.numFreqPatches());
        assertEquals(128, c.maxAudioTimePatches());
        assertEquals(8, c.numFrames());
        assertEquals(1568, c.maxPixelPatches());
        assertEquals(16, c.headDim());
        assertEquals(8, c.decoderHeadDim());
    }

    @Test
    void reducedPrecisionCheckpointsKeepTorchDtype() {
        assertEquals("float16", TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-classification-f16"))
                .extraKeys().get("torch_dtype").textValue());
        assertEquals("bfloat16", TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-classification-bf16"))
                .extraKeys().get("torch_dtype").textValue());
    }
}
