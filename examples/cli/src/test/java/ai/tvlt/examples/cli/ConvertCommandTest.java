package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tvlt convert}: the golden pytorch_model.bin becomes the golden model.safetensors, tensor for tensor. */
class ConvertCommandTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");

    @Test
    void goldenBinConvertsToTheGoldenSafetensorsTensors(@TempDir Path dir) {
        Path out = dir.resolve("converted.safetensors");
        CliRun run = CliRun.tvlt("convert", CHECKPOINT.resolve("pytorch_model.bin").toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        try (SafetensorsFile expected = SafetensorsFile.open(CHECKPOINT.resolve("model.safetensors"));
                SafetensorsFile actual = SafetensorsFile.open(out)) {
            assertEquals(List.of("converted " + expected.names().size() + " tensors: "
                    + CHECKPOINT.resolve("pytorch_model.bin") + " -> " + out), run.outLines());
            assertEquals(expected.names(), actual.names());
            for (String name : expected.names()) {
                assertEquals(expected.info(name).dtype(), actual.info(name).dtype(), name);
                assertArrayEquals(expected.info(name).shape(), actual.info(name).shape(), name);
                assertArrayEquals(bytes(expected.rawData(name)), bytes(actual.rawData(name)), name);
            }
        }
    }

    @Test
    void existingOutputIsReplacedOnlyWithForce(@TempDir Path dir) throws IOException {
        Path in = CHECKPOINT.resolve("pytorch_model.bin");
        Path out = Files.writeString(dir.resolve("out.safetensors"), "keep me");
        CliRun refused = CliRun.tvlt("convert", in.toString(), out.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, refused.exitCode());
        assertTrue(refused.singleErrorLine().contains("--force"), refused.err());
        assertEquals("keep me", Files.readString(out));

        CliRun forced = CliRun.tvlt("convert", "--force", in.toString(), out.toString());
        assertEquals(0, forced.exitCode(), forced.err());
        try (SafetensorsFile converted = SafetensorsFile.open(out)) {
            assertTrue(converted.names().size() > 0);
        }
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.safetensors");
        CliRun missing = CliRun.tvlt("convert", dir.resolve("absent.bin").toString(), out.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, missing.exitCode());
        assertTrue(missing.singleErrorLine().contains("absent.bin"), missing.err());

        Path notZip = Files.writeString(dir.resolve("config.bin"), "{\"not\": \"a checkpoint\"}");
        CliRun corrupt = CliRun.tvlt("convert", notZip.toString(), out.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, corrupt.exitCode());
        assertTrue(corrupt.singleErrorLine().contains("config.bin"), corrupt.err());
        assertTrue(Files.notExists(out), "no output for a failed conversion");

        CliRun sameFile = CliRun.tvlt("convert", "--force", notZip.toString(), notZip.toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, sameFile.exitCode());
        assertTrue(sameFile.singleErrorLine().contains("is the input"), sameFile.err());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
