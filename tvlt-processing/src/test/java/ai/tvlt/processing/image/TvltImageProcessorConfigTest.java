package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.Resample;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Construction from defaults, from a preprocessor_config.json and back to a config. */
class TvltImageProcessorConfigTest {

    @Test
    void defaultsAreTheReferenceDefaults() {
        TvltImageProcessor p = TvltImageProcessor.defaults();
        assertEquals(TvltImageProcessorConfig.defaults(), p.config());
        assertEquals(224, p.shortestEdge());
        assertEquals(Resample.BILINEAR, p.config().resample());
        assertEquals(196, p.numPatchesPerFrame());
        assertEquals(8, p.numFrames());
    }

    @Test
    void readsAPreprocessorConfigJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("preprocessor_config.json");
        Files.writeString(json, """
                {"do_resize": true, "size": {"shortest_edge": 112}, "patch_size": [8, 8], "num_frames": 4,
                 "resample": 3, "do_center_crop": true, "crop_size": {"height": 96, "width": 80},
                 "do_rescale": true, "rescale_factor": 0.00392156862745098, "do_normalize": true,
                 "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
                 "feature_size": 128, "sampling_rate": 44100, "processor_class": "TvltProcessor"}
                """);
        TvltImageProcessor p = TvltImageProcessor.fromJson(json);
        assertEquals(112, p.shortestEdge());
        assertEquals(Resample.BICUBIC, p.config().resample());
        assertEquals(96, p.cropHeight());
        assertEquals(80, p.cropWidth());
        assertEquals(4, p.numFrames());
        assertArrayEquals(new double[] {0.229, 0.224, 0.225}, p.imageStd());
        assertEquals(196, p.numPatchesPerFrame());
        assertEquals(p.config(), TvltImageProcessor.fromConfig(p.config()).config());
        PixelInputs out = p.preprocess(RgbImage.black(50, 70));
        assertArrayEquals(new long[] {1, 1, 3, 96, 80}, out.pixelValues().shape());
    }

    @Test
    void sizeWithHeightAndWidthIsRejected(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("preprocessor_config.json");
        Files.writeString(json, "{\"size\": {\"height\": 224, \"width\": 224}}");
        ConfigException e = assertThrows(ConfigException.class, () -> TvltImageProcessor.fromJson(json));
        assertTrue(e.getMessage().contains("shortest_edge"), e.getMessage());
    }
}
