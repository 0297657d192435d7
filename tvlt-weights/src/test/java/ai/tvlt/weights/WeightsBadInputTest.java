package ai.tvlt.weights;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.hub.HubClient;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.RepoRef;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.SafetensorsIndex;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.safetensors.ShardedSafetensors;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.torch.TorchCheckpoint;
import ai.tvlt.weights.torch.TorchToSafetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through every public entry point of tvlt-weights (safetensors reading and writing, sharded and
 * PyTorch checkpoints, checkpoint folders, tensor stores after close, model ids and the hub client's
 * options): null, missing and wrong files, absent names, mismatched shapes, malformed ids. Each row names the
 * call, the exception type and the fragments its message must contain: the argument (file, tensor, key, id)
 * and what was expected. A null argument is an {@link InvalidInputException} naming the argument
 * ({@code InvalidInputException.requireNonNull}).
 */
class WeightsBadInputTest {

    @TempDir
    static Path tmp;

    record Row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
    }

    private static Row row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
        return new Row(name, call, type, fragments);
    }

    private static Path tiny() {
        return GoldenFiles.resolve("models/tiny-pretraining");
    }

    private static Path folderWith(String name, String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1], StandardCharsets.UTF_8);
        }
        return dir;
    }

    static List<Row> rows() throws IOException {
        Path missing = tmp.resolve("absent.safetensors");
        Path weights = tiny().resolve("model.safetensors");
        Path noWeights = folderWith("no-weights", "config.json", Files.readString(tiny().resolve("config.json")));
        Path noConfig = folderWith("no-config");
        Path badConfig = folderWith("bad-config", "config.json", "{\"hidden_size\": \"wide\"}");
        SafetensorsFile closed = SafetensorsFile.open(weights);
        closed.close();
        return List.of(
                row("SafetensorsFile.open(null)", () -> SafetensorsFile.open(null), InvalidInputException.class,
                        "path"),
                row("SafetensorsFile.open(missing)", () -> SafetensorsFile.open(missing), UncheckedIOException.class,
                        missing.toString()),
                row("SafetensorsFile.open(folder)", () -> SafetensorsFile.open(tiny()), UncheckedIOException.class,
                        tiny().toString()),
                row("SafetensorsFile.open(config.json)", () -> SafetensorsFile.open(tiny().resolve("config.json")),
                        CorruptFileException.class, "config.json"),
                row("SafetensorsFile.open(pytorch_model.bin)", () -> SafetensorsFile.open(
                        tiny().resolve("pytorch_model.bin")), CorruptFileException.class, "pytorch_model.bin"),
                row("TensorStore.info(absent)", () -> {
                    try (SafetensorsFile f = SafetensorsFile.open(weights)) {
                        f.info("no.such.tensor");
                    }
                }, InvalidInputException.class, "no.such.tensor", weights.toString()),
                row("TensorStore.readFloats(absent)", () -> {
                    try (SafetensorsFile f = SafetensorsFile.open(weights)) {
                        f.readFloats("encoder.layer.9.output.dense.bias");
                    }
                }, InvalidInputException.class, "encoder.layer.9.output.dense.bias"),
                row("TensorStore.names() after close", closed::names, ClosedException.class, "closed"),
                row("TensorStore.rawData() after close", () -> closed.rawData("cls_embedding"), ClosedException.class,
                        "closed"),
                row("ShardedSafetensors.open(missing index)", () -> ShardedSafetensors.open(
                        tmp.resolve(ShardedSafetensors.INDEX_FILE)), UncheckedIOException.class,
                        ShardedSafetensors.INDEX_FILE),
                row("SafetensorsIndex.parse(no weight_map)", () -> SafetensorsIndex.parse(
                        "{\"metadata\": {}}".getBytes(StandardCharsets.UTF_8), "idx.json"), CorruptFileException.class,
                        "idx.json", "weight_map"),
                row("SafetensorsIndex.parse(shard not a name)", () -> SafetensorsIndex.parse(
                        "{\"weight_map\": {\"a\": 3}}".getBytes(StandardCharsets.UTF_8), "idx.json"),
                        CorruptFileException.class, "'a'", "shard file name"),
                row("TorchCheckpoint.open(missing)", () -> TorchCheckpoint.open(missing), UncheckedIOException.class,
                        missing.toString()),
                row("TorchCheckpoint.open(safetensors)", () -> TorchCheckpoint.open(weights),
                        CorruptFileException.class, weights.toString(), "not a zip archive"),
                row("TorchToSafetensors.convert(missing)", () -> TorchToSafetensors.convert(missing,
                        tmp.resolve("out.safetensors")), UncheckedIOException.class, missing.toString()),

                row("SafetensorsWriter.put(null name)", () -> new SafetensorsWriter().putFloats(null, new long[] {1},
                        new float[1]), InvalidInputException.class, "tensor name", "null"),
                row("SafetensorsWriter.put(__metadata__)", () -> new SafetensorsWriter().putFloats("__metadata__",
                        new long[] {1}, new float[1]), InvalidInputException.class, "__metadata__"),
                row("SafetensorsWriter.put twice", () -> new SafetensorsWriter().putFloats("w", new long[] {1},
                        new float[1]).putFloats("w", new long[] {1}, new float[1]), InvalidInputException.class,
                        "'w'", "already"),
                row("SafetensorsWriter.put shape mismatch", () -> new SafetensorsWriter().putFloats("w",
                        new long[] {2, 2}, new float[3]), InvalidInputException.class, "'w'", "[2, 2]", "16", "12"),
                row("SafetensorsWriter.put negative dim", () -> new SafetensorsWriter().putBytes("w", DType.U8,
                        new long[] {-1}, new byte[0]), InvalidInputException.class, "'w'", "negative"),
                row("SafetensorsWriter.metadata(null)", () -> new SafetensorsWriter().metadata("k", null),
                        InvalidInputException.class, "metadata", "'k'"),
                row("SafetensorsWriter.write(missing folder)", () -> new SafetensorsWriter().write(
                        tmp.resolve("no/such/dir/x.safetensors")), UncheckedIOException.class, "x.safetensors"),

                row("Checkpoint.open(null)", () -> Checkpoint.open(null), InvalidInputException.class,
                        "checkpoint folder", "null"),
                row("Checkpoint.open(missing)", () -> Checkpoint.open(tmp.resolve("nope")),
                        InvalidInputException.class, "nope", "does not exist"),
                row("Checkpoint.open(file)", () -> Checkpoint.open(weights), InvalidInputException.class,
                        "not a folder"),
                row("Checkpoint.open(no config.json)", () -> Checkpoint.open(noConfig), InvalidInputException.class,
                        noConfig.toString(), "config.json"),
                row("Checkpoint.open(bad config.json)", () -> Checkpoint.open(badConfig),
                        ai.tvlt.core.error.ConfigException.class, "config.json", "hidden_size"),
                row("Checkpoint.open(no weights)", () -> Checkpoint.open(noWeights), CorruptFileException.class,
                        noWeights.toString(), "model.safetensors", "pytorch_model.bin"),

                row("RepoRef.parse(null)", () -> RepoRef.parse(null), InvalidInputException.class, "model id"),
                row("RepoRef.parse(blank)", () -> RepoRef.parse("  "), InvalidInputException.class, "model id"),
                row("RepoRef.parse(three parts)", () -> RepoRef.parse("a/b/c"), InvalidInputException.class,
                        "'a/b/c'", "owner/name"),
                row("RepoRef.parse(parent folder)", () -> RepoRef.parse("../etc"), InvalidInputException.class,
                        "'../etc'", "owner/name"),
                row("RepoRef.parse(revision ..)", () -> RepoRef.parse("owner/name@../../x"),
                        InvalidInputException.class, "'../../x'", "revision"),
                row("HubClient maxAttempts 0", () -> HubClient.builder().maxAttempts(0), InvalidInputException.class,
                        "maxAttempts", "at least 1"),
                row("HubClient offline and not cached", () -> HubClient.builder()
                        .environment(new HubEnvironment(URI.create("http://127.0.0.1:9"), null, tmp.resolve("cache"),
                                true)).retryDelay(Duration.ZERO).build().resolve("owner/model"),
                        ai.tvlt.weights.hub.HubException.class, "offline", "owner/model"));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRejectedWithAMessageNamingTheArgument() throws IOException {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Throwable e = assertThrows(r.type(), r.call(), r.name());
            String message = String.valueOf(e.getMessage());
            for (String fragment : r.fragments()) {
                assertTrue(message.contains(fragment), () -> r.name() + ": '" + fragment + "' not in: " + message);
            }
        }));
    }
}
