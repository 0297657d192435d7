package ai.tvlt.core.config;

import static ai.tvlt.core.config.ConfigAssertions.assertConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every validation rule raises a ConfigException naming the key. */
class TvltConfigValidationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"image_size", "spectrogram_length", "frequency_length", "num_image_channels",
        "num_audio_channels", "num_frames", "hidden_size", "num_hidden_layers", "num_attention_heads",
        "intermediate_size", "decoder_num_attention_heads", "decoder_hidden_size", "decoder_num_hidden_layers",
        "decoder_intermediate_size", "num_labels"})
    void nonPositiveSizesAreRejected(String key) {
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": 0}"), "'" + key + "'", "positive");
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": -16}"), "'" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image_patch_size", "audio_patch_size"})
    void nonPositivePatchSizesAreRejected(String key) {
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": [16, 0]}"), key + "[1]", "positive");
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": [-1, 16]}"), key + "[0]");
    }

    @Test
    void hugeNumLabelsIsRejectedBeforeGeneratingNames() {
        assertConfigError(() -> TvltConfig.fromJson("{ \"num_labels\":1666666666\n}"), "'num_labels'", "at most");
        TvltConfig ok = TvltConfig.fromJson("{\"num_labels\": 1000}");
        org.junit.jupiter.api.Assertions.assertEquals(1000, ok.id2label().size());
    }

    @Test
    void hiddenSizeMustBeDivisibleByHeads() {
        assertConfigError(() -> TvltConfig.fromJson("{\"hidden_size\": 64, \"num_attention_heads\": 5}"),
                "'hidden_size'", "'num_attention_heads'", "divisible");
    }

    @Test
    void decoderHiddenSizeMustBeDivisibleByDecoderHeads() {
        assertConfigError(() -> TvltConfig.builder().decoderHiddenSize(100).decoderNumAttentionHeads(16).build(),
                "'decoder_hidden_size'", "'decoder_num_attention_heads'");
    }

    @Test
    void imageSizeMustBeDivisibleByPatchSize() {
        assertConfigError(() -> TvltConfig.fromJson("{\"image_size\": 225}"), "'image_size'",
                "'image_patch_size[0]'");
        assertConfigError(() -> TvltConfig.fromJson("{\"image_patch_size\": [16, 15]}"), "'image_size'",
                "'image_patch_size[1]'");
    }

    @Test
    void audioMustHoldAtLeastOnePatch() {
        assertConfigError(() -> TvltConfig.fromJson("{\"spectrogram_length\": 8}"), "'spectrogram_length'",
                "'audio_patch_size[0]'");
        assertConfigError(() -> TvltConfig.fromJson("{\"frequency_length\": 8}"), "'frequency_length'",
                "'audio_patch_size[1]'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "frame_level", "PATCH-LEVEL", ""})
    void unknownAudioMaskTypeIsRejected(String value) {
        assertConfigError(() -> TvltConfig.fromJson("{\"audio_mask_type\": \"" + value + "\"}"), "'audio_mask_type'");
    }

    @Test
    void nullAudioMaskTypeIsRejectedByBuilder() {
        assertConfigError(() -> TvltConfig.builder().audioMaskType((AudioMaskType) null).build(),
                "'audio_mask_type'");
    }

    @ParameterizedTest
    @CsvSource({"pixel_mask_ratio, 1.0", "pixel_mask_ratio, -0.1", "audio_mask_ratio, 1.5",
        "audio_mask_ratio, 1", "hidden_dropout_prob, 1.5", "attention_probs_dropout_prob, -1",
        "layer_norm_eps, 0", "layer_norm_eps, -1e-6", "initializer_range, -0.02"})
    void outOfRangeNumbersAreRejected(String key, String value) {
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": " + value + "}"), "'" + key + "'");
    }

    @Test
    void zeroMaskRatioIsAllowed() {
        assertEquals(0.0, TvltConfig.fromJson("{\"pixel_mask_ratio\": 0}").pixelMaskRatio());
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        assertConfigError(() -> TvltConfig.fromJson("{\"layer_norm_eps\": NaN}"), "'layer_norm_eps'");
        assertConfigError(() -> TvltConfig.fromJson("{\"audio_mask_ratio\": NaN}"), "'audio_mask_ratio'");
        assertConfigError(() -> TvltConfig.fromJson("{\"initializer_range\": Infinity}"), "'initializer_range'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hidden_size|\"abc\"",
        "hidden_size|64.5",
        "hidden_size|99999999999",
        "hidden_size|null",
        "hidden_size|true",
        "image_patch_size|[16]",
        "image_patch_size|[16, 16, 16]",
        "image_patch_size|16",
        "audio_patch_size|[\"a\", \"b\"]",
        "audio_patch_size|[16.5, 16]",
        "qkv_bias|\"yes\"",
        "use_mean_pooling|1",
        "layer_norm_eps|\"small\"",
        "hidden_act|3",
        "loss_type|[]",
        "model_type|null",
        "architectures|\"TvltModel\"",
        "architectures|[1]",
        "id2label|[\"a\"]",
        "id2label|{\"x\": \"a\"}",
        "id2label|{\"0\": 1}",
        "label2id|{\"a\": \"b\"}",
        "problem_type|5",
        "num_labels|\"3\""})
    void wrongJsonTypesNameTheKey(String key, String value) {
        assertConfigError(() -> TvltConfig.fromJson("{\"" + key + "\": " + value + "}"), key);
    }

    @Test
    void unknownLossTypeIsRejected() {
        assertConfigError(() -> TvltConfig.fromJson("{\"loss_type\": \"ranking\"}"), "'loss_type'");
    }

    @Test
    void unknownProblemTypeIsRejected() {
        assertConfigError(() -> TvltConfig.fromJson("{\"problem_type\": \"ranking\"}"), "'problem_type'");
    }

    @Test
    void emptyHiddenActIsRejected() {
        assertConfigError(() -> TvltConfig.fromJson("{\"hidden_act\": \" \"}"), "'hidden_act'");
    }

    @Test
    void emptyId2labelIsRejected() {
        assertConfigError(() -> TvltConfig.fromJson("{\"id2label\": {}}"), "'id2label'");
    }

    @Test
    void builderRejectsWrongPatchArrays() {
        assertConfigError(() -> TvltConfig.builder().imagePatchSize(16).build(), "'image_patch_size'", "2 entries");
        assertConfigError(() -> TvltConfig.builder().audioPatchSize((int[]) null).build(), "'audio_patch_size'");
    }

    @Test
    void builderRejectsNullId2labelValue() {
        java.util.Map<Integer, String> labels = new java.util.HashMap<>();
        labels.put(0, null);
        assertConfigError(() -> TvltConfig.builder().id2label(labels).build(), "id2label[0]");
    }

    @Test
    void fileErrorsNameFileAndKey() throws IOException {
        Path file = tmp.resolve("bad-config.json");
        Files.writeString(file, "{\"hidden_size\": \"abc\"}");
        assertConfigError(() -> TvltConfig.fromJson(file), "bad-config.json", "'hidden_size'");
        Files.writeString(file, "{\"hidden_size\": 100, \"num_attention_heads\": 12}");
        assertConfigError(() -> TvltConfig.fromJson(file), "bad-config.json", "'hidden_size'");
    }

    @Test
    void validValuesStillBuild() {
        TvltConfig c = TvltConfig.builder().hiddenSize(100).numAttentionHeads(10).imageSize(30)
                .imagePatchSize(10, 15).id2label(Map.of(0, "x")).build();
        assertEquals(10, c.headDim());
        assertEquals(6, c.numPixelPatchesPerFrame());
        assertEquals(1, c.numLabels());
    }
}
