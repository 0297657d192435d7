package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.models.nn.Activation;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hidden_act} is honoured: the tiny golden checkpoint with {@code "hidden_act": "relu"} against a
 * float64 numpy run of the reference forward ({@code src/test/resources/relu/make_relu_fixture.py}, which
 * first reproduces the golden gelu outputs with the same code), at the golden model tolerance.
 */
class HiddenActGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tvltmodel_basic", "tvltmodel_padded_batch2_hidden_attn"})
    void aReluCheckpointMatchesTheReferenceForward(String caseName, @TempDir Path dir) throws Exception {
        Path folder = checkpointWith(dir, "relu");
        try (TvltModel model = TvltModel.fromPretrained(folder);
                GoldenCase c = GoldenCase.open(fixture("relu_" + caseName + ".safetensors"))) {
            assertEquals("relu", model.config().hiddenAct());
            GoldenModelCases.assertMatches(c, model.forward(GoldenModelCases.input(c)));
        }
    }

    @Test
    void theDecoderLayersUseTheSameActivation() {
        TvltConfig config = TvltConfig.builder().hiddenAct("quick_gelu").build();
        assertEquals(Activation.QUICK_GELU, LayerDims.encoder(config).activation());
        assertEquals(Activation.QUICK_GELU, LayerDims.decoder(config).activation());
    }

    @Test
    void anUnknownActivationFailsAtLoadNamingKeyAndValue(@TempDir Path dir) throws Exception {
        Path folder = checkpointWith(dir, "gelu_approx");
        ConfigException e = assertThrows(ConfigException.class, () -> TvltModel.fromPretrained(folder));
        assertTrue(e.getMessage().contains("'hidden_act'") && e.getMessage().contains("\"gelu_approx\""),
                e.getMessage());
        assertThrows(ConfigException.class, () -> TvltForPreTraining.fromPretrained(folder));
    }

    /** The golden tiny-pretraining folder with its config's hidden_act replaced. */
    private static Path checkpointWith(Path dir, String hiddenAct) throws IOException {
        Path golden = GoldenFiles.resolve("models/tiny-pretraining");
        ObjectNode config = (ObjectNode) JSON.readTree(golden.resolve("config.json").toFile());
        config.put("hidden_act", hiddenAct);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(golden.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        return dir;
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(HiddenActGoldenTest.class.getResource("/relu/" + name).toURI());
    }
}
