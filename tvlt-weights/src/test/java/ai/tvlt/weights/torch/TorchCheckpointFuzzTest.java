package ai.tvlt.weights.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.weights.safetensors.TensorInfo;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coverage-guided fuzz target (Jazzer) for the PyTorch checkpoint reader: the bytes are written to a file,
 * opened with {@link TorchCheckpoint#open} (zip directory, restricted unpickler, storage and view checks) and
 * every tensor is read every way the API allows. Whatever the bytes, only the documented exceptions
 * ({@link TvltException} subclasses, {@link UncheckedIOException}) escape, and {@link CorruptFileException}
 * messages name the file; a checkpoint that opens is self-consistent (each tensor's bytes match its shape
 * and dtype and decode). Reads are bounded by the file or by the documented 2 GB per-tensor limit
 * ({@link InvalidInputException}); the target only gathers views of at most {@link #MAX_GATHERED} bytes,
 * so that a stride-0 view over one element (legal in torch) does not make one execution take seconds.
 *
 * <p>Replays its seeds ({@code TorchCheckpointFuzzTestInputs/torchCheckpoint/}, written by
 * {@link TorchCheckpointSeeds}, and the small torch.save fixtures) in a normal {@code mvn test}; fuzzes with
 * {@code -Pfuzz} (see {@code .ci/fuzz}, which copies the torch.save fixtures into the generated corpus).
 */
class TorchCheckpointFuzzTest {

    private static final long MAX_GATHERED = 1 << 22;

    private static Path scratchDir;

    @BeforeAll
    static void createScratch() throws IOException {
        scratchDir = Files.createTempDirectory("tvlt-torch-fuzz");
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
    void torchCheckpoint(byte[] data) throws IOException {
        Path file = Files.write(scratchDir.resolve("pytorch_model.bin"), data);
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file)) {
            for (String name : checkpoint.names()) {
                readEveryWay(checkpoint, name);
            }
            assertTrue(checkpoint.metadata().isEmpty());
        } catch (CorruptFileException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
        }
    }

    private static void readEveryWay(TorchCheckpoint checkpoint, String name) {
        TensorInfo info = checkpoint.info(name);
        assertEquals(info.numel() * info.dtype().byteSize(), info.byteSize(), name);
        if (!checkpoint.isContiguous(name) && info.byteSize() > MAX_GATHERED) {
            return;
        }
        ByteBuffer raw;
        try {
            raw = checkpoint.rawData(name);
        } catch (InvalidInputException tooLarge) {
            assertTrue(info.byteSize() > Integer.MAX_VALUE, tooLarge.getMessage());
            return;
        }
        assertEquals(info.byteSize(), raw.remaining(), name);
        if (info.byteSize() > MAX_GATHERED) {
            return;
        }
        assertEquals(info.numel(), checkpoint.readFloats(name).length, name);
        assertEquals(info.numel(), checkpoint.readDoubles(name).length, name);
        if (!info.dtype().isFloatingPoint()) {
            assertEquals(info.numel(), checkpoint.readLongs(name).length, name);
        }
        if (info.dtype().byteSize() == 1) {
            assertEquals(info.numel(), checkpoint.readBytes(name).length, name);
        }
    }

    /** The torch.save-written fixtures (a few kB each) pass the target too. */
    @ParameterizedTest
    @ValueSource(strings = {"/torch-fixtures/layouts.bin", "/torch-fixtures/module_state_dict.bin"})
    void torchSaveFixturesPassTheTarget(String resource) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(TorchCheckpointFuzzTest.class.getResource(resource).toURI()));
        torchCheckpoint(bytes);
        torchCheckpoint(java.util.Arrays.copyOf(bytes, bytes.length - 30));
    }
}
