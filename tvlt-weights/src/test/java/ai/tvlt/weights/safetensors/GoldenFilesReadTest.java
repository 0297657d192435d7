package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every safetensors file of the golden set is read; every tensor's data matches its shape. */
class GoldenFilesReadTest {

    @Test
    void everyGoldenFileReads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(GoldenFiles.root())) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 70, "expected the whole golden set, found " + files.size());
        long tensors = 0;
        for (Path p : files) {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertFalse(f.names().isEmpty(), p + " has no tensors");
                for (String name : f.names()) {
                    TensorInfo info = f.info(name);
                    assertEquals(info.numel() * info.dtype().byteSize(), f.rawData(name).remaining(), name);
                    long n = info.dtype() == DType.U8 || info.dtype() == DType.BOOL ? f.readBytes(name).length
                            : info.dtype().isFloatingPoint() ? f.readFloats(name).length : f.readLongs(name).length;
                    assertEquals(info.numel(), n, p + " " + name);
                    tensors++;
                }
            }
        }
        assertTrue(tensors > 500, "read " + tensors + " tensors");
    }

    @Test
    void caseMetadataIsPresent() {
        try (SafetensorsFile f = SafetensorsFile.open(GoldenFiles.resolve("processing/audio_short_700.safetensors"))) {
            assertTrue(f.metadata().get("case").startsWith("{"));
        }
    }
}
