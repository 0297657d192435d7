package ai.tvlt.processing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seeds of {@link TvltProcessorConfigFuzzTest}: the {@code preprocessor_config.json} the hub's
 * {@code ZinengTang/tvlt-base} ships (as transformers writes it), an empty object, non-default settings
 * (bicubic, no crop, 8x8 patches, 16 kHz), edge values, a few invalid ones, and the findings of fuzzing
 * ({@code regression_*}). They are committed under
 * {@code src/test/resources/ai/tvlt/processing/TvltProcessorConfigFuzzTestInputs/preprocessorConfigJson};
 * regenerate them with (from the repository root, after {@code mvn -pl tvlt-processing -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-processing/target/test-classes" \
 *     ai.tvlt.processing.PreprocessorConfigSeeds tvlt-processing/src/test/resources/ai/tvlt/processing/TvltProcessorConfigFuzzTestInputs/preprocessorConfigJson
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-processing dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class PreprocessorConfigSeeds {

    private PreprocessorConfigSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the seed folder
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Map<String, String> seeds = new LinkedHashMap<>();
        seeds.put("tvlt_base", """
                {
                  "crop_size": {"height": 224, "width": 224},
                  "do_center_crop": true,
                  "do_normalize": true,
                  "do_rescale": true,
                  "do_resize": true,
                  "feature_extractor_type": "TvltFeatureExtractor",
                  "feature_size": 128,
                  "hop_length_to_sampling_rate": 86,
                  "image_mean": [0.5, 0.5, 0.5],
                  "image_processor_type": "TvltImageProcessor",
                  "image_std": [0.5, 0.5, 0.5],
                  "n_fft": 2048,
                  "num_channels": 1,
                  "num_frames": 8,
                  "padding_side": "right",
                  "padding_value": 0.0,
                  "patch_size": [16, 16],
                  "processor_class": "TvltProcessor",
                  "resample": 2,
                  "rescale_factor": 0.00392156862745098,
                  "return_attention_mask": true,
                  "sampling_rate": 44100,
                  "size": {"shortest_edge": 224},
                  "spectrogram_length": 2048
                }
                """);
        seeds.put("empty_object", "{}");
        seeds.put("nondefault", "{\"resample\": \"bicubic\", \"do_center_crop\": false, \"patch_size\": [8, 8],"
                + " \"size\": {\"shortest_edge\": 40}, \"sampling_rate\": 16000, \"feature_size\": 64,"
                + " \"n_fft\": 512, \"spectrogram_length\": 32, \"image_mean\": [0.1, 0.2, 0.3],"
                + " \"image_std\": [1, 2, 3], \"do_rescale\": false, \"padding_value\": -1.5, \"mel_filters\": [[0]]}");
        seeds.put("height_width_size", "{\"size\": {\"height\": 20, \"width\": 30}, \"crop_size\": {\"height\": 9,"
                + " \"width\": 7}, \"resample\": 0, \"do_normalize\": false}");
        seeds.put("negative_patch", "{\"patch_size\": [-16, 16]}");
        seeds.put("not_an_object", "[1, 2, 3]");
        seeds.put("edge_hop_zero", "{\"sampling_rate\": 85}");
        seeds.put("edge_padding", "{\"padding_value\": 1e39}");
        seeds.put("edge_rate_max", "{\"sampling_rate\": 2147483647, \"n_fft\": 4}");
        seeds.put("edge_rescale_huge", "{\"rescale_factor\": 1e300}");
        seeds.put("edge_resize_huge", "{\"size\": {\"shortest_edge\": 2000000000}}");
        seeds.put("edge_std_zero", "{\"image_std\": [0, 0.5, 0.5]}");
        // findings, each fixed: int overflow of the pixel_values size, NegativeArraySizeException and
        // OutOfMemoryError building the mel filter bank, normalisation to infinity in float32
        seeds.put("regression_crop_huge", "{\"crop_size\": {\"height\": 30000, \"width\": 30000}}");
        seeds.put("regression_mel_overflow", "{\"n_fft\": 1048576, \"feature_size\": 4096}");
        seeds.put("regression_mel_huge", "{\"n_fft\": 1048576, \"feature_size\": 2048}");
        seeds.put("regression_mean_huge", "{\"image_mean\": [1e300, 0.5, 0.5]}");
        seeds.put("regression_std_subnormal", "{\"image_std\": [1e-40, 0.5, 0.5]}");
        for (Map.Entry<String, String> e : seeds.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
