package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.infer.ClassificationTask;
import ai.tvlt.examples.cli.infer.InferInputs;
import ai.tvlt.examples.cli.infer.InferOptions;
import ai.tvlt.examples.cli.infer.InferenceResult;
import ai.tvlt.examples.cli.infer.InferenceTask;
import ai.tvlt.examples.cli.infer.LoadedTask;
import ai.tvlt.examples.cli.infer.ModelTask;
import ai.tvlt.examples.cli.infer.PreTrainingTask;
import ai.tvlt.examples.cli.io.OutputWriter;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.examples.cli.model.PrecisionOption;
import ai.tvlt.examples.cli.model.ThreadsOption;
import ai.tvlt.examples.cli.timing.RepeatOption;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tvlt infer}: one forward pass of a TVLT class on tensors from a safetensors file, written as
 * {@code output.<field>} tensors with the reference's names, shapes and dtypes (SPEC section 4, the
 * contract this command follows to the letter). {@code --task} picks the class: {@code model}
 * ({@link ModelTask}), {@code pretraining} ({@link PreTrainingTask}), {@code classification}
 * ({@link ClassificationTask}). {@code --repeat N} then times N more forwards (weight loading excluded).
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Run TvltModel, TvltForPreTraining or TvltForAudioVisualClassification on the tensors"
                + " of a safetensors file and write every output field as output.<name>."},
        footer = {"", "Inputs (bare or with an 'input.' prefix; any other tensor is ignored): pixel_values,"
                + " audio_values, pixel_mask, audio_mask, pixel_values_mixed, pixel_mask_mixed, labels,"
                + " pixel_mask_noise, audio_mask_noise.",
            "Masking noise: pixel_mask_noise/audio_mask_noise when given, else drawn from the project's own"
                + " generator seeded by --seed (not torch's generator).",
            "", "Examples:",
            "  tvlt infer --model ZinengTang/tvlt-base --task model \\",
            "      --inputs in.safetensors --out out.safetensors",
            "  tvlt infer --model ckpt/ --task model --mask-pixel --mask-audio --seed 1 \\",
            "      --inputs in.safetensors --out out.safetensors --repeat 5",
            "  tvlt infer --model ckpt/ --task pretraining --reconstruct \\",
            "      --inputs in.safetensors --out out.safetensors"})
public final class InferCommand implements Callable<Integer> {

    /** The tasks of {@code --task}, in help order. */
    static final List<InferenceTask> TASKS = List.of(new ModelTask(), new PreTrainingTask(), new ClassificationTask());

    private static final Logger LOG = LoggerFactory.getLogger(InferCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Mixin
    private RepeatOption repeat;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private PrecisionOption precision;

    @Option(names = "--task", required = true, paramLabel = "TASK", converter = TaskConverter.class,
            description = "model (TvltModel), pretraining (TvltForPreTraining) or classification"
                    + " (TvltForAudioVisualClassification).")
    private InferenceTask task;

    @Option(names = "--inputs", required = true, paramLabel = "IN",
            description = "Safetensors file with the forward arguments (a golden case file works as it is).")
    private Path inputs;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "Safetensors file to write (replaced if it exists; folders are created).")
    private Path out;

    @Option(names = "--mask-pixel", description = "Randomly drop pixel tokens (TvltModel's mask_pixel; --task model only).")
    private boolean maskPixel;

    @Option(names = "--mask-audio", description = "Randomly drop audio tokens (TvltModel's mask_audio; --task model only).")
    private boolean maskAudio;

    @Option(names = "--reconstruct", description = "Training-mode forward of TvltForPreTraining without dropout:"
            + " matching (when labels/pixel_values_mixed are given) plus masked-autoencoder reconstruction"
            + " (--task pretraining only).")
    private boolean reconstruct;

    @Option(names = "--output-hidden-states", description = "Also write hidden_states.<i> (embeddings, then every layer).")
    private boolean outputHiddenStates;

    @Option(names = "--output-attentions", description = "Also write attentions.<i> (every layer's probabilities).")
    private boolean outputAttentions;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the masking noise the inputs do not give (default ${DEFAULT-VALUE}).")
    private long seed;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public InferCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        requireTask("--mask-pixel", maskPixel, "model");
        requireTask("--mask-audio", maskAudio, "model");
        requireTask("--reconstruct", reconstruct, "pretraining");
        requireTask("--precision bf16", precision.precision() == Precision.BF16, "model");
        InferOptions options = new InferOptions(maskPixel, maskAudio, reconstruct, outputHiddenStates,
                outputAttentions, seed, threads.loadOptions(precision.precision()));
        InferenceTask.TaskInputs taskInputs;
        try (InferInputs in = InferInputs.open(inputs)) {
            taskInputs = task.read(in, options);
        }
        Path checkpoint = model.folder();
        long start = System.nanoTime();
        try (LoadedTask loaded = taskInputs.load(checkpoint)) {
            LOG.info("task {}: {} loaded in {} ms", task.name(), checkpoint, (System.nanoTime() - start) / 1_000_000);
            InferenceResult result = loaded.forward();
            OutputWriter writer = OutputWriter.forInference();
            result.writeTo(writer);
            writer.write(out);
            LOG.info("wrote {} output tensors to {}", writer.size(), out);
            repeat.timeIfRequested(loaded::forward);
        }
        return 0;
    }

    /** A flag that belongs to one task is a usage error with any other (SPEC section 4). */
    private void requireTask(String flag, boolean given, String owner) {
        if (given && !task.name().equals(owner)) {
            throw new ParameterException(spec.commandLine(), flag + " is only valid with --task " + owner
                    + ", not with --task " + task.name());
        }
    }

    /** Maps a {@code --task} value to its task. */
    static final class TaskConverter implements ITypeConverter<InferenceTask> {
        @Override
        public InferenceTask convert(String value) {
            return TASKS.stream().filter(t -> t.name().equals(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown task '" + value + "'; expected one of "
                            + TASKS.stream().map(InferenceTask::name).collect(Collectors.joining(", "))));
        }
    }
}
