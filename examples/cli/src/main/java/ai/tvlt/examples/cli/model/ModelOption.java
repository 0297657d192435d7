package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --model DIR|owner/name[@revision]} option shared by the commands that load a checkpoint
 * (SPEC section 4). Use it as a picocli {@code @Mixin} and call {@link #folder()} in the command.
 */
public final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "DIR|REPO_ID", converter = Converter.class,
            description = "Checkpoint folder (config.json + weights), or a Hugging Face repository"
                    + " owner/name[@revision] found in the Hugging Face cache.")
    private ModelReference model;

    private final ModelResolver resolver;

    /** An option resolved with {@link ModelResolver#standard()}. */
    public ModelOption() {
        this(ModelResolver.standard());
    }

    /**
     * @param resolver how repository ids become folders
     */
    public ModelOption(ModelResolver resolver) {
        this.resolver = resolver;
    }

    /** @return the argument as given */
    public ModelReference reference() {
        return model;
    }

    /**
     * @return the checkpoint folder
     * @throws ai.tvlt.core.error.InvalidInputException when it cannot be found (the message says how to get it)
     */
    public Path folder() {
        return resolver.resolve(model);
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
