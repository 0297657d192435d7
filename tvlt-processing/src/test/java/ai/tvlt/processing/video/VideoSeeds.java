package ai.tvlt.processing.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seeds of {@link VideoDecoderFuzzTest}: tiny H.264 MP4 clips written by JCodec (2 frames of 16x16,
 * 3 frames of 32x16) and a box whose 64-bit size is 0, which hung JCodec; the other
 * {@code regression_*} files are fuzzing findings, kept as they were found. They are committed under
 * {@code src/test/resources/ai/tvlt/processing/video/VideoDecoderFuzzTestInputs/mp4File}; regenerate them
 * with (from the repository root, after {@code mvn -pl tvlt-processing -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-processing/target/classes:tvlt-processing/target/test-classes:tvlt-core/target/classes" \
 *     ai.tvlt.processing.video.VideoSeeds tvlt-processing/src/test/resources/ai/tvlt/processing/video/VideoDecoderFuzzTestInputs/mp4File
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-processing dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class VideoSeeds {

    private VideoSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the seed folder
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        VideoDecoderTest.writeClip(dir.resolve("two_frames_16x16"), 2, 16, 16);
        VideoDecoderTest.writeClip(dir.resolve("three_frames_32x16"), 3, 32, 16);
        Files.write(dir.resolve("regression_ftyp_largesize_zero_hang"), VideoDecoderHostileTest.box(1, "ftyp", 0L));
    }
}
