package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.Pooling;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --pooling cls|mean} option of commands that turn clips into vectors ({@code embed}, {@code index},
 * {@code serve}): how the encoder's last hidden state becomes one vector ({@link Pooling}). Use it as a picocli
 * {@code @Mixin}.
 */
public final class PoolingOption {

    @Option(names = "--pooling", paramLabel = "cls|mean", defaultValue = "cls", converter = PoolingConverter.class,
            description = "cls (default): last_hidden_state[:, 0]; mean: mean of last_hidden_state over the tokens"
                    + " whose attention mask is 1 (CLS + valid pixel + valid audio tokens).")
    private Pooling pooling;

    /** @return the pooling asked for (default {@link Pooling#CLS}) */
    public Pooling pooling() {
        return pooling;
    }

    /** Parses {@code --pooling}. */
    static final class PoolingConverter implements ITypeConverter<Pooling> {
        @Override
        public Pooling convert(String value) {
            try {
                return Pooling.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
