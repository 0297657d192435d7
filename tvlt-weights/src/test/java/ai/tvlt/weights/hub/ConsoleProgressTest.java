package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console bar draws large files and stays silent for small ones. */
class ConsoleProgressTest {

    @Test
    void drawsLargeFilesOnly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DownloadProgress progress = DownloadProgress.console(out);
        try (DownloadProgress.Transfer t = progress.start("pytorch_model.bin", 4_000_000, 1_000_000)) {
            t.advance(3_000_000);
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rpytorch_model.bin  25%"), drawn);
        assertTrue(drawn.contains("100% [========================] 4.0/4.0 MB"), drawn);
        assertTrue(drawn.endsWith(System.lineSeparator()), drawn);

        bytes.reset();
        try (DownloadProgress.Transfer t = progress.start("config.json", 1000, 0)) {
            t.advance(1000);
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
