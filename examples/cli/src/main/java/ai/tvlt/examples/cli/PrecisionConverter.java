package ai.tvlt.examples.cli;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.nn.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Maps a {@code --precision} value ({@code fp32}, {@code bf16}) to a {@link Precision}. */
final class PrecisionConverter implements ITypeConverter<Precision> {

    @Override
    public Precision convert(String value) {
        try {
            return Precision.parse(value);
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
