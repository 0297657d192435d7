package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@code hidden_act} against float64 values of the reference's formulas, computed by numpy
 * ({@code src/test/resources/activations/make_activation_fixture.py}).
 */
class ActivationTest {

    private static float[] x;
    private static JsonNode expected;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = ActivationTest.class.getResourceAsStream("/activations/activation_fixture.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode xs = root.get("x");
            x = new float[xs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) xs.get(i).doubleValue();
            }
            expected = root.get("expected");
        }
    }

    @Test
    void theNamesAreTheReferenceTable() {
        Set<String> fixtureNames = new TreeSet<>();
        expected.fieldNames().forEachRemaining(fixtureNames::add);
        Set<String> ours = Arrays.stream(Activation.values()).map(Activation::hfName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fixtureNames, ours);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void matchesTheReferenceFormula(Activation activation) {
        JsonNode values = expected.get(activation.hfName());
        int n = x.length;
        float[] row = x.clone();
        activation.applyWithBias(row, new float[n], n, new float[n], new float[n]);
        for (int i = 0; i < n; i++) {
            double e = values.get(i).doubleValue();
            double tolerance = 2e-6 * (1 + Math.abs(x[i]) + Math.abs(e));
            assertEquals(e, row[i], tolerance, activation.hfName() + "(" + x[i] + ")");
            assertEquals(e, activation.apply(x[i]), tolerance, activation.hfName() + " scalar (" + x[i] + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void theBiasIsAddedBeforeTheActivation(Activation activation) {
        int n = x.length;
        float[] viaRow = x.clone();
        activation.applyWithBias(viaRow, new float[n], n, new float[n], new float[n]);
        float[] viaBias = new float[n];
        activation.applyWithBias(viaBias, x.clone(), n, new float[n], new float[n]);
        assertArrayEquals(viaRow, viaBias);
    }

    @Test
    void everyReferenceNameResolves() {
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            assertEquals(name, Activation.forHiddenAct(name).hfName());
        }
        assertEquals(Activation.GELU, Activation.forHiddenAct("gelu"));
    }

    @Test
    void anUnknownNameIsRefusedNamingKeyAndValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> Activation.forHiddenAct("GELU"));
        assertTrue(e.getMessage().contains("'hidden_act'"), e.getMessage());
        assertTrue(e.getMessage().contains("\"GELU\""), e.getMessage());
        assertTrue(e.getMessage().contains("gelu_new"), e.getMessage());
    }
}
