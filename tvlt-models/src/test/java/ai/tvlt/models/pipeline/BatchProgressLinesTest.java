package ai.tvlt.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Batch progress lines: one per interval with clips/s and ETA, one at the end, failures counted. */
class BatchProgressLinesTest {

    @Test
    void linesPerIntervalWithRateAndEtaThenTheEnd() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        BatchProgressLines<String> progress = new BatchProgressLines<>("embed", lines::add, Duration.ofSeconds(5),
                "bad"::equals, now::get);
        for (int done = 1; done <= 200; done++) {
            now.set(done * 500_000_000L); // 2 clips/s
            progress.clipDone(done % 50 == 0 ? "bad" : "ok", done, 200);
        }
        assertEquals("embed: 10/200 clips (5%), 2.0 clips/s, ETA 1 min 35 s", lines.get(0));
        assertEquals("embed: 20/200 clips (10%), 2.0 clips/s, ETA 1 min 30 s", lines.get(1));
        assertEquals("embed: 60/200 clips (30%), 1 failed, 2.0 clips/s, ETA 1 min 10 s", lines.get(5));
        assertEquals("embed: 200/200 clips (100%), 4 failed, 2.0 clips/s in 100.0 s", lines.get(lines.size() - 1));
        assertEquals(20, lines.size());
    }

    @Test
    void durations() {
        assertEquals("42 s", BatchProgressLines.duration(42.4));
        assertEquals("3 min 05 s", BatchProgressLines.duration(185));
        assertEquals("1 h 02 min", BatchProgressLines.duration(3720));
    }
}
