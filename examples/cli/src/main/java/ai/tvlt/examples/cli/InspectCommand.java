package ai.tvlt.examples.cli;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.config.TvltProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.weights.hub.ModelResolver;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt inspect FILE|DIR} or {@code tvlt inspect --model DIR|owner/name[@revision]}: lists the tensors of a safetensors file (name, dtype, shape) and its
 * metadata; for a checkpoint folder also the parsed {@code config.json} (every key, defaults filled in)
 * and the preprocessing configuration ({@code preprocessor_config.json}, or the one derived from the
 * model config when the folder has none), and which weights file was read when it holds several. Nothing is decoded but headers and configs, so it is fast on
 * any size of checkpoint and safe on a hostile file. A repository id given to {@code --model} is taken
 * from the Hugging Face cache, or downloaded into it when missing and not offline.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show the tensors (name, dtype, shape) and metadata of a safetensors file, or of a"
                + " checkpoint folder together with its parsed configuration."},
        footer = {"", "Examples:", "  tvlt inspect model-folder/",
            "  tvlt inspect cases/tvltmodel_basic.safetensors", "  tvlt inspect --model ZinengTang/tvlt-base"})
public final class InspectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|DIR",
            description = "A .safetensors file, or a checkpoint folder (config.json + weights).")
    private Path target;

    @Mixin
    private final ModelOption model;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public InspectCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (model.reference().isPresent() == (target != null)) {
            throw new ParameterException(spec.commandLine(), "give either FILE|DIR or --model, not "
                    + (target == null ? "neither" : "both"));
        }
        if (target == null) {
            target = model.folder();
        }
        if (Files.isDirectory(target)) {
            inspectCheckpoint(out);
        } else if (Files.isRegularFile(target)) {
            rejectZipArchive(target);
            try (SafetensorsFile file = SafetensorsFile.open(target)) {
                out.println("file: " + target);
                printTensors(out, file);
            }
        } else {
            throw new InvalidInputException("no such file or folder: " + target);
        }
        out.flush();
        return 0;
    }

    /** A zip file here is most likely a pytorch_model.bin: say so rather than "bad header length". */
    private static void rejectZipArchive(Path file) {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 4) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                throw new InvalidInputException(file + " is a zip archive (a PyTorch checkpoint?), not a safetensors"
                        + " file; inspect reads .safetensors files and checkpoint folders");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void inspectCheckpoint(PrintWriter out) {
        try (Checkpoint checkpoint = Checkpoint.open(target)) {
            out.println("checkpoint: " + target);
            out.println();
            printModelConfig(out, checkpoint.config());
            out.println();
            printPreprocessorConfig(out, checkpoint);
            out.println();
            printWeightsFile(out, target);
            printTensors(out, checkpoint.tensors());
        }
    }

    private static void printModelConfig(PrintWriter out, TvltConfig config) {
        out.println("config (config.json):");
        Map<String, JsonNode> entries = parse(config.toJson(), "config.json");
        entries.keySet().retainAll(TvltConfig.KNOWN_KEYS);
        printKeyValues(out, entries);
        Set<String> ignored = new TreeSet<>(config.extraKeys().keySet());
        if (!ignored.isEmpty()) {
            out.println("  (keys not used by TVLT: " + String.join(", ", ignored) + ")");
        }
    }

    private static void printPreprocessorConfig(PrintWriter out, Checkpoint checkpoint) {
        Optional<Path> file = checkpoint.preprocessorConfig();
        TvltProcessorConfig processor = file.isPresent()
                ? TvltProcessorConfig.fromJson(file.get())
                : TvltProcessorConfig.fromModelConfig(checkpoint.config());
        out.println(file.isPresent() ? "preprocessor config (preprocessor_config.json):"
                : "preprocessor config (no preprocessor_config.json; derived from config.json):");
        Map<String, JsonNode> merged = new TreeMap<>();
        merged.putAll(parse(processor.featureExtractor().toJson(), "feature extractor config"));
        merged.putAll(parse(processor.imageProcessor().toJson(), "image processor config"));
        printKeyValues(out, merged);
    }

    /** Which weights file the tensors come from, and which others the folder holds but were not read. */
    private static void printWeightsFile(PrintWriter out, Path folder) {
        List<Path> present = Checkpoint.weightsFiles(folder);
        out.println("weights: " + present.get(0).getFileName() + (present.size() == 1 ? ""
                : " (also present, not read: " + present.subList(1, present.size()).stream()
                        .map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")) + ")"));
    }

    private static void printTensors(PrintWriter out, TensorStore store) {
        long parameters = 0;
        long bytes = 0;
        int nameWidth = 4;
        for (String name : store.names()) {
            TensorInfo info = store.info(name);
            parameters += info.numel();
            bytes += info.byteSize();
            nameWidth = Math.max(nameWidth, name.length());
        }
        out.printf("tensors: %d (%d elements, %d bytes)%n", store.names().size(), parameters, bytes);
        for (String name : store.names()) {
            TensorInfo info = store.info(name);
            out.printf("  %-" + nameWidth + "s  %-4s  %s%n", name, info.dtype(), Arrays.toString(info.shape()));
        }
        Map<String, String> metadata = store.metadata();
        out.println("metadata:" + (metadata.isEmpty() ? " (none)" : ""));
        new TreeMap<>(metadata).forEach((k, v) -> out.println("  " + k + " = " + v));
    }

    private static void printKeyValues(PrintWriter out, Map<String, JsonNode> entries) {
        entries.forEach((k, v) -> out.println("  " + k + " = " + (v.isTextual() ? v.textValue() : v.toString())));
    }

    private static Map<String, JsonNode> parse(String json, String what) {
        Map<String, JsonNode> entries = new TreeMap<>();
        try {
            Iterator<Map.Entry<String, JsonNode>> fields = JSON.readTree(json).fields();
            fields.forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot print the " + what + ": " + e.getOriginalMessage(), e);
        }
        return entries;
    }
}
