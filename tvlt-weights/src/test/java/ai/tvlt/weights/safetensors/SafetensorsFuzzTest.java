package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.testing.GoldenFiles;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz targets (Jazzer) for the safetensors reader and the shard index. In a normal
 * {@code mvn test} each target replays its seed corpus ({@code SafetensorsFuzzTestInputs/<target>/}
 * in the test resources, plus any {@code .cifuzz-corpus} a fuzzing run left behind); with
 * {@code -Pfuzz} (JAZZER_FUZZ=1) one target is fuzzed for {@code -Dfuzz.duration} (see
 * {@code .ci/fuzz}). The property checked: whatever the bytes, only the documented exceptions
 * ({@link TvltException} subclasses, {@link UncheckedIOException}) escape, messages name the file, and
 * a file that opens is self-consistent (every tensor's bytes match its shape and dtype and decode).
 * Any other exception, an out-of-bounds read or a JVM error is a finding; findings become regression
 * seeds in the inputs folder.
 */
class SafetensorsFuzzTest {

    private static Path scratchDir;

    @BeforeAll
    static void createScratch() throws IOException {
        scratchDir = Files.createTempDirectory("tvlt-fuzz");
        FuzzSeedCorpus.writeShards(scratchDir);
    }

    @AfterAll
    static void deleteScratch() throws IOException {
        try (Stream<Path> s = Files.walk(scratchDir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Fuzzes a whole safetensors file: open, then read every tensor every way the API allows. */
    @FuzzTest(maxDuration = "60s")
    void safetensorsFile(byte[] data) throws IOException {
        Path file = Files.write(scratchDir.resolve("fuzz.safetensors"), data);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            long covered = 0;
            for (String name : f.names()) {
                covered += readEveryWay(f, name);
            }
            assertEquals(data.length - f.dataStart(), covered, "tensors tile the data area");
        } catch (CorruptFileException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
        }
    }

    /** Fuzzes the shard index of a sharded checkpoint whose two shards are valid. */
    @FuzzTest(maxDuration = "60s")
    void shardIndex(byte[] data) throws IOException {
        Path index = Files.write(scratchDir.resolve(ShardedSafetensors.INDEX_FILE), data);
        try (ShardedSafetensors store = ShardedSafetensors.open(index)) {
            for (String name : store.names()) {
                readEveryWay(store, name);
            }
        } catch (CorruptFileException e) {
            assertTrue(e.getMessage().startsWith(index.toString()), "message names the index: " + e.getMessage());
        } catch (TvltException | UncheckedIOException documented) {
            assertTrue(documented.getMessage() != null && !documented.getMessage().isEmpty());
        }
    }

    /** Small golden files replay through the file target (without copying them into the seed folder). */
    static Stream<Path> smallGoldenFiles() throws IOException {
        try (Stream<Path> s = Files.walk(GoldenFiles.root())) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".safetensors"))
                    .filter(p -> size(p) <= 64 * 1024).sorted().toList();
            assertTrue(files.size() >= 10, "small golden files: " + files.size());
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("smallGoldenFiles")
    void smallGoldenFilesPassTheFileTarget(Path golden) throws IOException {
        safetensorsFile(Files.readAllBytes(golden));
    }

    private static long readEveryWay(TensorStore store, String name) {
        TensorInfo info = store.info(name);
        assertEquals(info.numel() * info.dtype().byteSize(), info.byteSize(), name);
        ByteBuffer raw;
        try {
            raw = store.rawData(name);
        } catch (InvalidInputException tooLarge) {
            return info.byteSize();
        }
        assertEquals(info.byteSize(), raw.remaining(), name);
        assertEquals(info.numel(), store.readFloats(name).length, name);
        assertEquals(info.numel(), store.readDoubles(name).length, name);
        if (!info.dtype().isFloatingPoint()) {
            assertEquals(info.numel(), store.readLongs(name).length, name);
        }
        if (info.dtype().byteSize() == 1) {
            assertEquals(info.numel(), store.readBytes(name).length, name);
        }
        store.metadata().forEach((k, v) -> assertTrue(k != null && v != null));
        return info.byteSize();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
