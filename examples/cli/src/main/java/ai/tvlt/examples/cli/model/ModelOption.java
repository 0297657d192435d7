package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.hub.ModelReference;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --model DIR|owner/name[@revision]} option shared by the commands that load a checkpoint
 * (SPEC section 4). Use it as a picocli {@code @Mixin} and call {@link #folder()} in the command. The
 * option is optional for picocli so that a command may offer an alternative (as {@code inspect}'s
 * positional argument); {@link #folder()} reports a missing {@code --model} as a usage error.
 */
public final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR|REPO_ID", converter = Converter.class,
            description = "Checkpoint folder (config.json + weights), or a Hugging Face repository"
                    + " owner/name[@revision]: taken from the Hugging Face cache, downloaded into it when"
                    + " missing (not with HF_HUB_OFFLINE=1).")
    private ModelReference model;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private final Supplier<ModelResolver> resolver;

    /**
     * @param resolver how repository ids become folders; asked only when a repository id is resolved,
     *     so a bad hub environment (say an invalid HF_ENDPOINT) does not break commands given a folder
     */
    public ModelOption(Supplier<ModelResolver> resolver) {
        this.resolver = Objects.requireNonNull(resolver);
    }

    /** @return the argument as given, empty when {@code --model} is absent */
    public Optional<ModelReference> reference() {
        return Optional.ofNullable(model);
    }

    /**
     * @return the checkpoint folder
     * @throws ParameterException when {@code --model} is absent
     * @throws ai.tvlt.core.error.TvltException when it cannot be found or fetched (the message says how to get it)
     */
    public Path folder() {
        if (model == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--model=DIR|REPO_ID'");
        }
        return model instanceof ModelReference.Folder folder ? folder.existing() : resolver.get().resolve(model);
    }

    /** Parses the argument with {@link ModelReference#parse(String)}. */
    static final class Converter implements ITypeConverter<ModelReference> {
        @Override
        public ModelReference convert(String value) {
            try {
                return ModelReference.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
