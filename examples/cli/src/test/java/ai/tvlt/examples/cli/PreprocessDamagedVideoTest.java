package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tvlt preprocess --video FILE} on damaged copies of the ffmpeg-made H.264/AAC fixture clip of
 * tvlt-processing ({@code fixtures/clip.mp4}, 50 frames): a few flipped bytes or a zeroed run of 512 bytes inside
 * {@code mdat} give a clip and exit status 0; heavier damage and truncation end with status 0 or a one-line
 * error naming the file, never a stack trace or an exception class.
 */
class PreprocessDamagedVideoTest {

    /** The fixture, from this module's folder (Maven runs tests there). */
    private static final Path CLIP = Path.of("../../tvlt-processing/src/test/resources/ai/tvlt/processing/video/"
            + "fixtures/clip.mp4");

    @TempDir
    Path dir;

    private static int[] mdatPayload(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        int offset = 0;
        while (offset + 8 <= file.length) {
            int size = b.getInt(offset);
            if (new String(file, offset + 4, 4, StandardCharsets.ISO_8859_1).equals("mdat")) {
                return new int[] {offset + 8, offset + size};
            }
            offset += size;
        }
        throw new IllegalStateException("no mdat box in " + CLIP);
    }

    private CliRun preprocess(String name, byte[] bytes) throws IOException {
        Path video = Files.write(dir.resolve(name + ".mp4"), bytes);
        return CliRun.tvlt("preprocess", "--video", video.toString(), "--out",
                dir.resolve(name + ".safetensors").toString());
    }

    private void assertClip(String name, CliRun run) {
        assertEquals(0, run.exitCode(), name + ": " + run.err());
        try (SafetensorsFile out = SafetensorsFile.open(dir.resolve(name + ".safetensors"))) {
            assertArrayEquals(new long[] {1, 8, 3, 224, 224}, out.info("pixel_values").shape());
        }
    }

    @Test
    void lightlyDamagedCopiesGiveAClip() throws IOException {
        byte[] clip = Files.readAllBytes(CLIP);
        int[] mdat = mdatPayload(clip);
        assertClip("clean", preprocess("clean", clip));
        for (int count : new int[] {6, 60}) {
            byte[] copy = clip.clone();
            Random random = new Random(count);
            for (int i = 0; i < count; i++) {
                copy[mdat[0] + random.nextInt(mdat[1] - mdat[0])] ^= (byte) (1 + random.nextInt(255));
            }
            assertClip("flip" + count, preprocess("flip" + count, copy));
        }
        byte[] zeroed = clip.clone();
        int at = mdat[0] + new Random(3).nextInt(mdat[1] - mdat[0] - 512);
        Arrays.fill(zeroed, at, at + 512, (byte) 0);
        assertClip("zero512", preprocess("zero512", zeroed));
    }

    @Test
    void heavilyDamagedAndTruncatedCopiesEndCleanly() throws IOException {
        byte[] clip = Files.readAllBytes(CLIP);
        int[] mdat = mdatPayload(clip);
        byte[] noisy = clip.clone();
        Random random = new Random(9);
        for (int i = 0; i < 5000; i++) {
            noisy[mdat[0] + random.nextInt(mdat[1] - mdat[0])] ^= (byte) (1 + random.nextInt(255));
        }
        for (byte[] copy : new byte[][] {noisy, Arrays.copyOf(clip, clip.length / 2),
            Arrays.copyOf(clip, clip.length / 20)}) {
            CliRun run = preprocess("heavy", copy);
            if (run.exitCode() != 0) {
                String line = run.singleErrorLine();
                assertTrue(line.contains(dir.resolve("heavy.mp4").toString()), line);
                assertFalse(line.matches(".*(Exception|java\\.|\\tat ).*"), line);
            }
        }
    }
}
