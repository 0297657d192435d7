package ai.tvlt.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IoFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new NoSuchFileException("/x/model.safetensors"), "no such file or folder"),
                Arguments.of(new AccessDeniedException("/x/model.safetensors"), "permission denied"),
                Arguments.of(new NotDirectoryException("/x"), "not a folder"),
                Arguments.of(new FileSystemException("/x", null, "Is a directory"), "Is a directory"),
                Arguments.of(new ClosedByInterruptException(), "interrupted"),
                Arguments.of(new ClosedChannelException(), "the file was closed"),
                Arguments.of(new EOFException(), "unexpected end of file"),
                Arguments.of(new IOException("Input/output error"), "Input/output error"),
                Arguments.of(new IOException(), "input/output failure"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void reasonsAreWordsWithoutClassOrFileNames(IOException failure, String expected) {
        String reason = IoFailures.reason(failure);
        assertEquals(expected, reason);
        assertFalse(reason.contains("Exception"), reason);
        assertFalse(reason.contains("/x"), reason);
    }

    @Test
    void theOperatingSystemsReasonOfARealFailure(@TempDir Path dir) {
        IOException failure = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Files.readAllBytes(dir.resolve("missing")));
        assertEquals("no such file or folder", IoFailures.reason(failure));
    }
}
