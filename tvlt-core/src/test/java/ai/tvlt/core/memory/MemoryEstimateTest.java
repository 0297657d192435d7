package ai.tvlt.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Size bombs are refused from the config alone, naming the key; real configs fit. */
class MemoryEstimateTest {

    private static final MemoryLimits FOUR_GB_JVM = new MemoryLimits(4L << 30, 16L << 30);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "{\"num_hidden_layers\": 1000000000}, num_hidden_layers=1000000000",
        "{\"hidden_size\": 1610612736}, hidden_size=1610612736",
        "{\"intermediate_size\": 2000000000}, intermediate_size=2000000000",
        "{\"image_size\": 2147483632}, image_size=2147483632",
        "{\"spectrogram_length\": 2000000000}, spectrogram_length=2000000000",
        "{\"num_frames\": 2000000000}, num_frames=2000000000",
        "'{\"image_patch_size\": [1, 1], \"image_size\": 100000}', image_size=100000",
        "{\"decoder_num_hidden_layers\": 1000000000}, decoder_num_hidden_layers=1000000000",
    })
    void aBombIsRefusedNamingTheKey(String json, String keyValue) {
        TvltConfig config = TvltConfig.fromJson(json);
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryEstimate.of(config, MemoryEstimate.Scope.PRE_TRAINING, 2).requireWithin(FOUR_GB_JVM));
        assertTrue(e.getMessage().startsWith("config.json: " + keyValue + " needs ~"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @ParameterizedTest
    @EnumSource(MemoryEstimate.Scope.class)
    void tvltBaseFitsAFourGigabyteJvm(MemoryEstimate.Scope scope) {
        MemoryEstimate.of(TvltConfig.defaults(), scope, 8).requireWithin(FOUR_GB_JVM);
    }

    @Test
    void theHeapIsCheckedOnItsOwn() {
        TvltConfig config = TvltConfig.fromJson("{\"num_frames\": 400}");
        MemoryEstimate estimate = MemoryEstimate.of(config, MemoryEstimate.Scope.MODEL, 1);
        // 400 frames of 3x224x224 float32 input alone are 240 MB of heap
        assertTrue(estimate.heapWorkingBytes() > 240e6, "heap " + estimate.heapWorkingBytes());
        ConfigException e = assertThrows(ConfigException.class,
                () -> estimate.requireWithin(new MemoryLimits(64L << 20, 1L << 40)));
        assertTrue(e.getMessage().startsWith("config.json: num_frames=400 needs ~")
                && e.getMessage().contains("of Java heap") && e.getMessage().contains("than the 64.0 MB"),
                e.getMessage());
    }

    @Test
    void sizesAreFormattedInBinaryUnits() {
        assertEquals("512 bytes", MemoryLimits.format(512));
        assertEquals("1.5 GB", MemoryLimits.format(1.5 * (1L << 30)));
        assertEquals("29.8 TB", MemoryLimits.format(32768e9));
    }
}
