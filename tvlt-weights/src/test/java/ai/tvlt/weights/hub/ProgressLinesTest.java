package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress when stderr is not a terminal: a line per interval and one at the end, never a \r. */
class ProgressLinesTest {

    @Test
    void printsALinePerIntervalAndAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        DownloadProgress progress = new ProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                1 << 20, Duration.ofSeconds(5), now::get);
        try (DownloadProgress.Transfer t = progress.start("pytorch_model.bin", 452_000_000, 0)) {
            for (int second = 1; second <= 12; second++) {
                now.set(second * 1_000_000_000L);
                t.advance(10_000_000); // 10 MB/s
            }
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "pytorch_model.bin: 50.0/452.0 MB (11%) 10.0 MB/s",
                "pytorch_model.bin: 100.0/452.0 MB (22%) 10.0 MB/s",
                "pytorch_model.bin: 120.0/452.0 MB (26%) 10.0 MB/s in 12.0 s, incomplete"), lines);
    }

    @Test
    void resumedTransfersCountOnlyNewBytesInTheRateAndSmallFilesAreSilent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        DownloadProgress progress = new ProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                1 << 20, Duration.ofSeconds(5), now::get);
        try (DownloadProgress.Transfer t = progress.start("config.json", 1000, 0)) {
            t.advance(1000);
        }
        try (DownloadProgress.Transfer t = progress.start("model.safetensors", 4_000_000, 3_000_000)) {
            now.set(2_000_000_000L);
            t.advance(1_000_000);
        }
        assertEquals("model.safetensors: 4.0/4.0 MB (100%) 0.5 MB/s in 2.0 s" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
