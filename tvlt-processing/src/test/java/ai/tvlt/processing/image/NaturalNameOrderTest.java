package ai.tvlt.processing.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NaturalNameOrder on the indexed tensor names the CLI reads and on digit runs longer than a long. */
class NaturalNameOrderTest {

    @Test
    void indexedTensorNamesOrderByEveryIndex() {
        List<String> names = new ArrayList<>(List.of("video.10.frame.0", "video.2.frame.10", "video.2.frame.9",
                "waveform.10", "waveform.2"));
        names.sort(NaturalNameOrder.INSTANCE);
        assertEquals(List.of("video.2.frame.9", "video.2.frame.10", "video.10.frame.0", "waveform.2", "waveform.10"),
                names);
    }

    @Test
    void digitRunsLongerThanALongCompareByValue() {
        List<String> names = new ArrayList<>(List.of("f99999999999999999999999.png", "f100.png", "f.png"));
        names.sort(NaturalNameOrder.INSTANCE);
        assertEquals(List.of("f.png", "f100.png", "f99999999999999999999999.png"), names);
    }

    @Test
    void orderIsTotalAndConsistentWithEquals() {
        assertTrue(NaturalNameOrder.INSTANCE.compare("f02", "f2") != 0);
        assertEquals(0, NaturalNameOrder.INSTANCE.compare("f2", "f2"));
        assertEquals(-Integer.signum(NaturalNameOrder.INSTANCE.compare("f2", "f02")),
                Integer.signum(NaturalNameOrder.INSTANCE.compare("f02", "f2")));
    }
}
