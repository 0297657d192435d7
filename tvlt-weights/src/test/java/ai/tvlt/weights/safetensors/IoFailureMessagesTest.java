package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.torch.TorchCheckpoint;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be opened, read or written: the message names the file and the problem in words,
 * never a Java class name (an {@code IOException}'s {@code toString()} starts with one).
 */
class IoFailureMessagesTest {

    @TempDir
    Path dir;

    @Test
    void missingSafetensorsFile() {
        Path file = dir.resolve("model.safetensors");
        assertMessage(() -> SafetensorsFile.open(file), "cannot open " + file + ": no such file or folder");
    }

    @Test
    void folderInsteadOfSafetensorsFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));
        assertMessage(() -> SafetensorsFile.open(folder), folder.toString());
    }

    @Test
    void missingIndex() {
        Path file = dir.resolve("model.safetensors.index.json");
        assertMessage(() -> SafetensorsIndex.read(file), "cannot read " + file + ": no such file or folder");
    }

    @Test
    void writeIntoMissingFolder() {
        Path file = dir.resolve("no/such/folder/out.safetensors");
        SafetensorsWriter writer = new SafetensorsWriter().putFloats("x", new long[] {1}, new float[] {1f});
        assertMessage(() -> writer.write(file), "cannot write " + file + ": no such file or folder");
    }

    @Test
    void writeOverAFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("out.safetensors/inside"));
        SafetensorsWriter writer = new SafetensorsWriter().putFloats("x", new long[] {1}, new float[] {1f});
        assertMessage(() -> writer.write(folder.getParent()), "cannot write " + folder.getParent() + ": ");
    }

    @Test
    void missingTorchCheckpoint() {
        Path file = dir.resolve("pytorch_model.bin");
        assertMessage(() -> TorchCheckpoint.open(file), "cannot open " + file + ": no such file or folder");
    }

    private static void assertMessage(Executable call, String expected) {
        String message = assertThrows(UncheckedIOException.class, call).getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("Exception"), message);
    }
}
