package ai.tvlt.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults equal SPEC section 6 (transformers v4.34 TvltConfig()). */
class TvltConfigDefaultsTest {

    private final TvltConfig c = TvltConfig.defaults();

    @Test
    void inputSizesMatchReference() {
        assertEquals(224, c.imageSize());
        assertEquals(2048, c.spectrogramLength());
        assertEquals(128, c.frequencyLength());
        assertArrayEquals(new int[] {16, 16}, c.imagePatchSize());
        assertArrayEquals(new int[] {16, 16}, c.audioPatchSize());
        assertEquals(3, c.numImageChannels());
        assertEquals(1, c.numAudioChannels());
        assertEquals(8, c.numFrames());
    }

    @Test
    void encoderMatchesReference() {
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numHiddenLayers());
        assertEquals(12, c.numAttentionHeads());
        assertEquals(3072, c.intermediateSize());
        assertEquals("gelu", c.hiddenAct());
        assertEquals(0.0, c.hiddenDropoutProb());
        assertEquals(0.0, c.attentionProbsDropoutProb());
        assertEquals(0.02, c.initializerRange());
        assertEquals(1e-6, c.layerNormEps());
        assertTrue(c.qkvBias());
        assertFalse(c.useMeanPooling());
    }

    @Test
    void decoderAndTasksMatchReference() {
        assertEquals(16, c.decoderNumAttentionHeads());
        assertEquals(512, c.decoderHiddenSize());
        assertEquals(8, c.decoderNumHiddenLayers());
        assertEquals(2048, c.decoderIntermediateSize());
        assertEquals(0.75, c.pixelMaskRatio());
        assertEquals(0.15, c.audioMaskRatio());
        assertEquals(AudioMaskType.FRAME_LEVEL, c.audioMaskType());
        assertTrue(c.taskMatching());
        assertTrue(c.taskMae());
        assertEquals(LossType.CLASSIFICATION, c.lossType());
    }

    @Test
    void labelsAndMetadataMatchPretrainedConfig() {
        assertEquals(2, c.numLabels());
        assertEquals(Map.of(0, "LABEL_0", 1, "LABEL_1"), c.id2label());
        assertEquals(Map.of("LABEL_0", 0, "LABEL_1", 1), c.label2id());
        assertFalse(c.problemType().isPresent());
        assertTrue(c.architectures().isEmpty());
        assertEquals("tvlt", c.modelType());
        assertTrue(c.extraKeys().isEmpty());
    }

    @Test
    void derivedValuesFollowDefaults() {
        assertEquals(64, c.headDim());
        assertEquals(32, c.decoderHeadDim());
        assertEquals(196, c.numPixelPatchesPerFrame());
        assertEquals(1568, c.maxPixelPatches());
        assertEquals(8, c.numFreqPatches());
        assertEquals(128, c.maxAudioTimePatches());
    }

    @Test
    void emptyJsonObjectGivesDefaults() {
        assertEquals(c, TvltConfig.fromJson("{}"));
        assertEquals(c, TvltConfig.builder().build());
    }
}
