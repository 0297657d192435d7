package ai.tvlt.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.config.TvltProcessorConfig;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.processing.image.RgbImage;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) for {@code preprocessor_config.json}: the text is parsed by
 * {@link TvltProcessorConfig#fromJson(String)}, both parts must survive a {@code toJson} round trip, and the
 * {@link TvltProcessor} built from it must preprocess a tiny clip and a tiny image. Whatever the text, only
 * documented exceptions ({@link TvltException} subclasses, {@link UncheckedIOException}) escape, with a
 * message; a configuration that is accepted must not make the processor allocate beyond its documented limits
 * (an {@link OutOfMemoryError} or {@link NegativeArraySizeException} is a finding). It lives here rather than
 * in tvlt-core so that the processors the configuration drives are fuzzed too.
 *
 * <p>Replays its seeds ({@code TvltProcessorConfigFuzzTestInputs/preprocessorConfigJson/}, written by
 * {@link PreprocessorConfigSeeds}) in a normal {@code mvn test}; fuzzes with {@code -Pfuzz} (see {@code .ci/fuzz}).
 */
class TvltProcessorConfigFuzzTest {

    private static final RgbImage TINY_IMAGE = RgbImage.black(3, 5);
    private static final long MAX_OUTPUT = 1 << 24;

    @FuzzTest(maxDuration = "60s")
    void preprocessorConfigJson(byte[] data) {
        TvltProcessorConfig config;
        try {
            config = TvltProcessorConfig.fromJson(new String(data, StandardCharsets.UTF_8));
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
            return;
        }
        assertEquals(config.featureExtractor(), TvltFeatureExtractorConfig.fromJson(config.featureExtractor().toJson()),
                "feature extractor toJson round trip");
        assertEquals(config.imageProcessor(), TvltImageProcessorConfig.fromJson(config.imageProcessor().toJson()),
                "image processor toJson round trip");
        if (isLegitimatelyHuge(config.imageProcessor())) {
            return;
        }
        try {
            TvltProcessor processor = TvltProcessor.fromConfig(config);
            float[] clip = new float[4096];
            for (int i = 0; i < clip.length; i++) {
                clip[i] = (float) Math.sin(i * 0.05);
            }
            TvltProcessorOutput out = processor.process(TvltProcessorRequest.builder()
                    .videos(List.of(List.of(TINY_IMAGE)))
                    .audio(List.of(clip), processor.featureExtractor().samplingRate()).build());
            assertFinite(out.audio().audioValues());
            assertFinite(out.pixels().pixelValues());
        } catch (TvltException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
        }
    }

    /**
     * Whether the tiny image's {@code pixel_values} would be larger than {@link #MAX_OUTPUT} values yet fit the
     * heap: such an output is allocated as configured and only slows the fuzzer down. Larger ones must be
     * refused by the processor, so they are run.
     */
    private static boolean isLegitimatelyHuge(TvltImageProcessorConfig image) {
        long height = TINY_IMAGE.height();
        long width = TINY_IMAGE.width();
        if (image.doCenterCrop()) {
            height = image.cropSize().height().orElse(1);
            width = image.cropSize().width().orElse(1);
        } else if (image.doResize() && image.size().shortestEdge().isPresent()) {
            height = image.size().shortestEdge().getAsInt();
            width = height * TINY_IMAGE.width() / TINY_IMAGE.height();
        }
        long bytes = 4 * 3 * height * width;
        return 3 * height * width > MAX_OUTPUT && bytes <= Runtime.getRuntime().maxMemory();
    }

    private static void assertFinite(FloatTensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Float.isFinite(t.get(i))) {
                throw new AssertionError("non-finite value " + t.get(i) + " at " + i);
            }
        }
    }
}
