package ai.tvlt.examples.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NaturalOrderTest {

    @Test
    void digitRunsCompareByValue() {
        List<String> names = new ArrayList<>(List.of("f10.png", "f2.png", "f1.png", "f02.png", "f100.png",
                "g0.png", "f.png", "f2a.png", "f99999999999999999999999.png"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("f.png", "f1.png", "f02.png", "f2.png", "f2a.png", "f10.png", "f100.png",
                "f99999999999999999999999.png", "g0.png"), names);
    }

    @Test
    void indexedTensorNamesOrderByEveryIndex() {
        List<String> names = new ArrayList<>(List.of("video.10.frame.0", "video.2.frame.10", "video.2.frame.9"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("video.2.frame.9", "video.2.frame.10", "video.10.frame.0"), names);
    }

    @Test
    void orderIsTotalAndConsistentWithEquals() {
        assertTrue(NaturalOrder.INSTANCE.compare("f02", "f2") != 0);
        assertEquals(0, NaturalOrder.INSTANCE.compare("f2", "f2"));
        assertEquals(-Integer.signum(NaturalOrder.INSTANCE.compare("f2", "f02")),
                Integer.signum(NaturalOrder.INSTANCE.compare("f02", "f2")));
    }

    @Test
    void filesListsRegularVisibleFilesInNaturalOrder(@TempDir Path dir) throws IOException {
        for (String name : List.of("frame10.png", "frame2.png", "frame1.png", ".hidden.png")) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.createDirectory(dir.resolve("frame3.png"));
        assertEquals(List.of(dir.resolve("frame1.png"), dir.resolve("frame2.png"), dir.resolve("frame10.png")),
                NaturalOrder.files(dir));
    }
}
