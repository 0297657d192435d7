package ai.tvlt.processing.video;

import ai.tvlt.core.error.TvltException;
import java.nio.file.Path;

/**
 * Decodes each file named on the command line as {@code sampleFrames(file, 8)} and prints one line per file:
 * {@code <file> frames=<n> ms=<t>} or {@code <file> refused ms=<t>: <message>}. Run in a child JVM with a small
 * heap by {@link VideoDamageTest}; anything else escaping (an {@link Error} or an unexpected exception) ends it
 * with a stack trace and a non-zero status.
 */
final class DamagedClipDecode {

    private DamagedClipDecode() {
    }

    /**
     * @param args video files
     */
    public static void main(String[] args) {
        for (String arg : args) {
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = "frames=" + VideoDecoder.defaults().sampleFrames(Path.of(arg), 8).size();
            } catch (TvltException e) {
                outcome = "refused";
                outcome += " ms=" + (System.nanoTime() - start) / 1_000_000 + ": " + e.getMessage();
                System.out.println(arg + " " + outcome);
                continue;
            }
            System.out.println(arg + " " + outcome + " ms=" + (System.nanoTime() - start) / 1_000_000);
        }
    }
}
