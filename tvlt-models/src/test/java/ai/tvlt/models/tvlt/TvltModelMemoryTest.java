package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory over a model's lifetime, measured in forked JVMs ({@link MemoryProbe}) so that no other test's
 * garbage or heap growth blurs the figures. The child's heap is fixed and pre-touched
 * ({@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch}), so a growing resident set is native memory. Model: the
 * golden {@code small-realistic} checkpoint with its realistic 8-frame input (1769 tokens).
 *
 * <ul>
 *   <li>200 forwards after a warm-up of 20 keep the resident set within 10% of its value after the warm-up.</li>
 *   <li>{@code close()} releases the native memory: 40 load-forward-close cycles whose closed models all stay
 *       strongly reachable (so only {@code close()}, not the garbage collector, can free their ND4J buffers)
 *       keep the resident set within 10% of its value after 5 cycles; a model that kept its buffers would add
 *       about 13 MB per cycle. glibc's mmap threshold is pinned to 64 kB in that child
 *       ({@code MALLOC_MMAP_THRESHOLD_}) so that freed buffers go back to the system and show in the resident
 *       set. ND4J 1.0.0-M2.1's own counters ({@code Nd4j.getMemoryManager().allocatedMemory},
 *       {@code Pointer.totalBytes()}) do not see its CPU buffers, which libnd4j allocates itself, hence the
 *       resident set.</li>
 * </ul>
 */
class TvltModelMemoryTest {

    private static final double GROWTH_LIMIT = 0.10;

    @Test
    void residentSetStaysFlatOverTwoHundredForwards() throws Exception {
        Map<String, Long> m = runProbe(Map.of(), "forwards", "20", "200", "20");
        long base = m.get("rss_kb_after_warmup");
        for (int i = 20; i <= 200; i += 20) {
            long rss = m.get("rss_kb_after_" + i);
            assertTrue(rss <= base * (1 + GROWTH_LIMIT), "RSS after " + i + " forwards is " + rss
                    + " kB, more than 10% above the " + base + " kB after the warm-up: " + m);
        }
    }

    @Test
    void closeReleasesNativeMemory() throws Exception {
        Map<String, Long> m = runProbe(Map.of("MALLOC_MMAP_THRESHOLD_", "65536"), "lifecycles", "5", "40");
        assertEquals(40, m.get("closed_models_held"));
        long base = m.get("rss_kb_after_warmup");
        long end = m.get("rss_kb_after_all");
        assertTrue(end <= base * (1 + GROWTH_LIMIT), "RSS after 40 load-forward-close cycles is " + end
                + " kB, more than 10% above the " + base + " kB after 5: close() keeps native memory: " + m);
    }

    private static Map<String, Long> runProbe(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms512m", "-Xmx512m",
                "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines;
        try {
            lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the probe finished");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "probe exit status; output: " + lines);
        assertTrue(lines.contains("done=true"), "probe output: " + lines);
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("done")) {
                m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        System.out.println("memory probe " + String.join(" ", args) + ": " + m);
        return m;
    }
}
