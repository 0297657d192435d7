package ai.tvlt.processing.video;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.RgbImage;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzz target (Jazzer) for video decoding: the bytes are written to a file and two frames are
 * sampled by {@link VideoDecoder} (JCodec's MP4 demuxer and H.264 decoder). Whatever the bytes, only
 * {@link InvalidInputException} or {@link CorruptFileException} escape, each naming the file; a frame larger
 * than the decoder's limit (2^16 pixels here) is refused before it is decoded; decoded frames are within it.
 *
 * <p>Replays its seeds ({@code VideoDecoderFuzzTestInputs/mp4File/}: tiny H.264 MP4 clips written by
 * {@link VideoSeeds} (JCodec's encoder: CAVLC) and by ffmpeg/x264 ({@code fixtures/make_fixtures.sh}: CABAC,
 * B-frames), and every past finding) in a normal {@code mvn test}; fuzzes with {@code -Pfuzz}, as one of the
 * targets of {@code .ci/fuzz}. A decode that reaches the decoder's deadline (10 s here, for files of at most
 * 2^16-pixel frames) is a finding: it would have run away without it. (A JUnit {@code @Timeout} per input is
 * not used: Jazzer 0.30 under Maven still applies it to the whole fuzzing run, which then fails.) JCodec's endless loops on damaged
 * slices (reference list reordering, CABAC unary codes past the end of a slice) are fixed in
 * {@link H264SliceHeaderReader} and {@link ConcealingH264Decoder}.
 */
class VideoDecoderFuzzTest {

    private static final long MAX_PIXELS = 1 << 16;
    private static final VideoDecoder DECODER = VideoDecoder.withMaxPixels(MAX_PIXELS)
            .withDecodeTimeout(Duration.ofSeconds(10));

    private static Path scratchDir;

    @BeforeAll
    static void createScratch() throws IOException {
        scratchDir = Files.createTempDirectory("tvlt-video-fuzz");
    }

    @AfterAll
    static void deleteScratch() throws IOException {
        try (Stream<Path> s = Files.walk(scratchDir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void mp4File(byte[] data) throws IOException {
        Path file = Files.write(scratchDir.resolve("fuzz.mp4"), data);
        List<RgbImage> frames;
        try {
            frames = DECODER.sampleFrames(file, 2);
        } catch (InvalidInputException | CorruptFileException e) {
            assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
            assertFalse(e.getMessage().contains("did not finish within"), "runaway decode: " + e.getMessage());
            return;
        }
        assertTrue(!frames.isEmpty() && frames.size() <= 2, "1..2 frames: " + frames.size());
        for (RgbImage f : frames) {
            assertTrue((long) f.height() * f.width() <= MAX_PIXELS, f.toString());
        }
    }
}
