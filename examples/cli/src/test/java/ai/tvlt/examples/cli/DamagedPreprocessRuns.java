package ai.tvlt.examples.cli;

import java.nio.file.Path;

/**
 * Runs {@code tvlt preprocess --video FILE --out OUT} in-process, with the CLI's error handling, for each file
 * named on the command line after the output folder, and prints one tab-separated line per file: the file name,
 * the exit status, the milliseconds taken and the stderr lines (tabs and line ends replaced). Run in a child JVM
 * with a 1 GB heap by {@link PreprocessDamagedVideoTest}; anything escaping the CLI's error handling (an
 * {@link Error}) ends it with a stack trace and a non-zero status.
 */
final class DamagedPreprocessRuns {

    private DamagedPreprocessRuns() {
    }

    /**
     * @param args the output folder, then video files
     */
    public static void main(String[] args) {
        Path outDir = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path video = Path.of(args[i]);
            String name = video.getFileName().toString().replaceAll("\\.mp4$", "");
            long start = System.nanoTime();
            CliRun run = CliRun.tvlt("preprocess", "--video", video.toString(), "--out",
                    outDir.resolve(name + ".safetensors").toString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println(name + "\t" + run.exitCode() + "\t" + ms + "\t"
                    + String.join(" | ", run.errLines()).replace('\t', ' '));
        }
    }
}
