package ai.tvlt.examples.benchmarks;

import ai.onnxruntime.OrtException;
import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX export of the reference encoder ({@code reference/export_onnx.py}) computes what transformers
 * computed: ONNX Runtime on graphs exported from two golden checkpoints reproduces golden TvltModel cases'
 * {@code last_hidden_state} at the model tolerance (batch 1 without masks; batch 2 with padded frames and
 * audio). Each graph ({@code src/test/resources/onnx/<checkpoint>-<case>.onnx}, under 1 MB) was made with
 * {@code /usr/bin/python3 export_onnx.py --model <checkpoint folder> --inputs <case file> --out <graph>}
 * (Debian's torch 1.13.1), the script and settings compare.sh uses for the base-size graph.
 */
class OrtExportGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tiny-pretraining", "tvltmodel_basic"),
                Arguments.of("tiny-pretraining", "tvltmodel_padded_batch2_hidden_attn"),
                Arguments.of("small-realistic", "encoder_batch2_padded"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void onnxRuntimeMatchesReference(String checkpoint, String caseName) throws OrtException, URISyntaxException {
        TvltConfig config = TvltConfig.fromJson(GoldenFiles.resolve("models/" + checkpoint + "/config.json"));
        Path graph = Path.of(OrtExportGoldenTest.class.getResource("/onnx/" + checkpoint + "-" + caseName + ".onnx").toURI());
        try (GoldenCase c = GoldenCase.open("models/" + checkpoint + "/cases/" + caseName + ".safetensors");
             OrtEncoder ort = new OrtEncoder(graph, 1)) {
            Map<String, FloatTensor> inputs = OrtEncoder.readInputs(c.file(), config);
            try (OrtEncoder.Prepared prepared = ort.prepare(inputs)) {
                FloatTensor out = ort.lastHiddenState(prepared);
                c.assertClose("expected.last_hidden_state", out.data(), out.shape(), Tolerance.MODEL);
            }
        }
    }
}
