package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.video.DamagedCopies;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt preprocess --video FILE} on the damaged copies of tvlt-processing's ffmpeg-made H.264/AAC fixture
 * clip ({@link DamagedCopies}: flips of 6 to 6000 bytes inside {@code mdat}, zeroed runs of 64 to 8192 bytes,
 * truncations to 5-95 %), all run in one child JVM with a 1 GB heap ({@code -Xmx1g}), as issue 16 asks: each
 * ends within 60 s; those with at most 60 flipped bytes or one zeroed run of at most 512 bytes give a clip (exit
 * status 0, 8 frames and the soundtrack); the others give a clip or one error line naming the file, never a stack
 * trace, an exception class or an {@code OutOfMemoryError}.
 */
class PreprocessDamagedVideoTest {

    @TempDir
    Path dir;

    @Test
    void damagedCopiesEndCleanlyInAJvmWithA1GbHeap() throws IOException, InterruptedException {
        List<DamagedCopies.Damaged> copies = new ArrayList<>(DamagedCopies.ofFixtureClip());
        copies.add(new DamagedCopies.Damaged("clean", DamagedCopies.fixtureClipBytes(), true));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", DamagedPreprocessRuns.class.getName(),
                dir.toString()));
        for (DamagedCopies.Damaged c : copies) {
            command.add(Files.write(dir.resolve(c.name() + ".mp4"), c.bytes()).toString());
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child JVM ended");
        assertEquals(0, child.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.contains("Broken atom")).toList();
        System.out.println(String.join(System.lineSeparator(), lines));
        assertEquals(copies.size(), lines.size(), output);
        for (int i = 0; i < copies.size(); i++) {
            DamagedCopies.Damaged copy = copies.get(i);
            String[] fields = lines.get(i).split("\t", -1);
            assertEquals(copy.name(), fields[0], output);
            int exit = Integer.parseInt(fields[1]);
            String err = fields[3];
            assertTrue(Long.parseLong(fields[2]) < 60_000, lines.get(i));
            assertFalse(err.matches(".*(Exception|java\\.|\\bat [\\w$.]+\\(|OutOfMemory|Error\\b).*"), lines.get(i));
            if (copy.mustDecode() || exit == 0) {
                assertEquals(0, exit, lines.get(i));
                try (SafetensorsFile out = SafetensorsFile.open(dir.resolve(copy.name() + ".safetensors"))) {
                    assertArrayEquals(new long[] {1, 8, 3, 224, 224}, out.info("pixel_values").shape(), copy.name());
                    if (copy.mustDecode()) {
                        assertEquals(1, out.info("audio_values").shape()[0], copy.name());
                    }
                }
            } else {
                assertFalse(err.contains(" | "), "one error line: " + lines.get(i));
                assertTrue(err.contains(dir.resolve(copy.name() + ".mp4").toString()), lines.get(i));
            }
        }
    }
}
