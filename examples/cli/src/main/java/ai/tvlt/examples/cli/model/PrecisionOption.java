package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.nn.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --precision fp32|bf16} option of commands that run the encoder: the arithmetic of its layers'
 * products ({@link Precision}; bf16 is opt-in and refused on CPUs without AVX512_BF16 or AMX). Use it as a picocli
 * {@code @Mixin}, usually beside {@link ThreadsOption}.
 */
public final class PrecisionOption {

    @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32",
            converter = PrecisionConverter.class,
            description = "Arithmetic of the encoder layers' products: fp32 (default, exact) or bf16 (opt-in, needs "
                    + "AVX512_BF16 or AMX).")
    private Precision precision;

    /** @return the precision asked for (default {@link Precision#FP32}) */
    public Precision precision() {
        return precision;
    }

    /** Maps a {@code --precision} value ({@code fp32}, {@code bf16}) to a {@link Precision}. */
    static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
