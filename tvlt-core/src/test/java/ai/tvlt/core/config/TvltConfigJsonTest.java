package ai.tvlt.core.config;

import static ai.tvlt.core.config.ConfigAssertions.assertConfigError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON reading details: diff form, unknown keys, labels, copies, builders. */
class TvltConfigJsonTest {

    @TempDir
    Path tmp;

    @Test
    void diffFormTakesDefaultsForAbsentKeys() {
        TvltConfig c = TvltConfig.fromJson("{\"hidden_size\": 64, \"num_attention_heads\": 4, "
                + "\"image_size\": 32, \"architectures\": [\"TvltModel\"]}");
        assertEquals(64, c.hiddenSize());
        assertEquals(4, c.numAttentionHeads());
        assertEquals(32, c.imageSize());
        assertEquals(List.of("TvltModel"), c.architectures());
        TvltConfig expected = TvltConfig.builder().hiddenSize(64).numAttentionHeads(4).imageSize(32)
                .architectures(List.of("TvltModel")).build();
        assertEquals(expected, c);
        assertEquals(12, c.numHiddenLayers());
        assertEquals(2048, c.spectrogramLength());
        assertEquals(0.75, c.pixelMaskRatio());
    }

    @Test
    void unknownKeysAreKeptAndIgnored() {
        TvltConfig c = TvltConfig.fromJson("{\"pixel_size\": 224, \"audio_size\": 1024, \"feature_size\": 128, "
                + "\"custom\": {\"nested\": [1, 2]}, \"torch_dtype\": \"float32\", \"hidden_size\": 96, "
                + "\"num_attention_heads\": 8}");
        assertEquals(96, c.hiddenSize());
        assertEquals(224, c.imageSize());
        Map<String, JsonNode> extra = c.extraKeys();
        assertEquals(List.of("pixel_size", "audio_size", "feature_size", "custom", "torch_dtype"),
                List.copyOf(extra.keySet()));
        assertEquals(1024, extra.get("audio_size").intValue());
        assertEquals(2, extra.get("custom").get("nested").get(1).intValue());
        assertTrue(c.toJson().contains("\"custom\""));
    }

    @Test
    void extraKeysCannotBeChangedThroughAccessor() {
        TvltConfig c = TvltConfig.fromJson("{\"custom\": {\"a\": 1}}");
        ((ObjectNode) c.extraKeys().get("custom")).put("a", 2);
        assertEquals(1, c.extraKeys().get("custom").get("a").intValue());
        assertThrows(UnsupportedOperationException.class, () -> c.extraKeys().put("x", IntNode.valueOf(1)));
    }

    @Test
    void patchSizeAccessorsReturnCopies() {
        TvltConfig c = TvltConfig.defaults();
        c.imagePatchSize()[0] = 99;
        c.audioPatchSize()[1] = 99;
        assertArrayEquals(new int[] {16, 16}, c.imagePatchSize());
        assertArrayEquals(new int[] {16, 16}, c.audioPatchSize());
        int[] given = {8, 8};
        TvltConfig.Builder b = TvltConfig.builder().imageSize(32).imagePatchSize(given);
        given[0] = 5;
        assertArrayEquals(new int[] {8, 8}, b.build().imagePatchSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patch-level", "patch_level"})
    void bothPatchLevelSpellingsMeanPatchLevel(String value) {
        TvltConfig c = TvltConfig.fromJson("{\"audio_mask_type\": \"" + value + "\"}");
        assertEquals(AudioMaskType.PATCH_LEVEL, c.audioMaskType());
        assertEquals(AudioMaskType.PATCH_LEVEL, TvltConfig.builder().audioMaskType(value).build().audioMaskType());
        assertTrue(c.toJson().contains("\"patch-level\""));
    }

    @Test
    void frameLevelParses() {
        assertEquals(AudioMaskType.FRAME_LEVEL,
                TvltConfig.fromJson("{\"audio_mask_type\": \"frame-level\"}").audioMaskType());
    }

    @Test
    void id2labelAloneDefinesNumLabels() {
        TvltConfig c = TvltConfig.fromJson("{\"id2label\": {\"0\": \"neg\", \"1\": \"neu\", \"2\": \"pos\"}}");
        assertEquals(3, c.numLabels());
        assertEquals("neu", c.id2label().get(1));
        assertEquals(Map.of("neg", 0, "neu", 1, "pos", 2), c.label2id());
    }

    @Test
    void numLabelsAloneGeneratesLabels() {
        TvltConfig c = TvltConfig.fromJson("{\"num_labels\": 4}");
        assertEquals(4, c.numLabels());
        assertEquals("LABEL_3", c.id2label().get(3));
        assertEquals(3, c.label2id().get("LABEL_3"));
    }

    @Test
    void id2labelWinsOverDisagreeingNumLabelsAsInTransformers() {
        TvltConfig c = TvltConfig.fromJson("{\"num_labels\": 5, \"id2label\": {\"0\": \"a\", \"1\": \"b\"}}");
        assertEquals(2, c.numLabels());
        assertEquals(Map.of(0, "a", 1, "b"), c.id2label());
    }

    @Test
    void explicitLabel2idIsKept() {
        TvltConfig c = TvltConfig.fromJson("{\"id2label\": {\"0\": \"a\", \"1\": \"b\"}, "
                + "\"label2id\": {\"a\": 0, \"b\": 1, \"B\": 1}}");
        assertEquals(Map.of("a", 0, "b", 1, "B", 1), c.label2id());
    }

    @Test
    void nullableKeysAcceptNull() {
        TvltConfig c = TvltConfig.fromJson("{\"problem_type\": null, \"architectures\": null, "
                + "\"id2label\": null, \"label2id\": null}");
        assertFalse(c.problemType().isPresent());
        assertTrue(c.architectures().isEmpty());
        assertEquals(2, c.numLabels());
        TvltConfig r = TvltConfig.fromJson("{\"problem_type\": \"regression\"}");
        assertEquals("regression", r.problemType().orElseThrow());
    }

    @Test
    void toBuilderKeepsValuesAndNumLabelsRegeneratesLabels() {
        TvltConfig c = TvltConfig.fromJson(ConfigAssertions.goldenConfig("tiny-classification"));
        assertEquals(c, c.toBuilder().build());
        TvltConfig five = c.toBuilder().numLabels(5).build();
        assertEquals(5, five.numLabels());
        assertEquals("LABEL_4", five.id2label().get(4));
        assertEquals(5, five.label2id().size());
        assertEquals(3, c.toBuilder().numLabels(3).build().numLabels());
        TvltConfig changed = c.toBuilder().hiddenSize(64).build();
        assertEquals(64, changed.hiddenSize());
        assertNotEquals(c, changed);
        assertEquals(c.extraKeys(), changed.extraKeys());
    }

    @Test
    void builderRejectsKnownKeyAsExtraKey() {
        assertConfigError(() -> TvltConfig.builder().extraKeys(Map.of("hidden_size", IntNode.valueOf(3))),
                "'hidden_size'");
    }

    @Test
    void readsFromStreamAndFile() throws IOException {
        String json = "{\"hidden_size\": 128, \"num_attention_heads\": 8}";
        TvltConfig fromStream = TvltConfig.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json);
        assertEquals(128, fromStream.hiddenSize());
        assertEquals(fromStream, TvltConfig.fromJson(file));
        assertEquals(fromStream, TvltConfig.fromJson(json));
    }

    @Test
    void toJsonUsesHfKeyNames() {
        String json = TvltConfig.builder().lossType(LossType.REGRESSION).build().toJson();
        assertTrue(json.contains("\"loss_type\": \"regression\""), json);
        assertTrue(json.contains("\"audio_mask_type\": \"frame-level\""), json);
        assertTrue(json.contains("\"layer_norm_eps\""), json);
        assertTrue(json.indexOf("\"attention_probs_dropout_prob\"") < json.indexOf("\"hidden_size\""), json);
        assertEquals(TvltConfig.builder().lossType("regression").build(), TvltConfig.fromJson(json));
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path file = tmp.resolve("broken-config.json");
        Files.writeString(file, "{\"hidden_size\": 64,,}");
        assertConfigError(() -> TvltConfig.fromJson(file), "broken-config.json", "Malformed");
    }

    @Test
    void missingFileNamesTheFile() {
        Path file = tmp.resolve("absent.json");
        assertConfigError(() -> TvltConfig.fromJson(file), "absent.json");
    }

    @Test
    void nonObjectJsonIsRejected() {
        assertConfigError(() -> TvltConfig.fromJson("[1, 2]"), "object");
        assertConfigError(() -> TvltConfig.fromJson(""), "no content");
    }

    @Test
    void toStringNamesMainSizes() {
        String s = TvltConfig.defaults().toString();
        assertTrue(s.contains("hidden_size=768"), s);
        assertTrue(s.contains("audio_mask_type=frame-level"), s);
    }
}
