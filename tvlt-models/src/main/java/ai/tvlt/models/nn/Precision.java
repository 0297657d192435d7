package ai.tvlt.models.nn;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Locale;

/**
 * The arithmetic of the large matrix products (the encoder and decoder layers' linear layers).
 * {@link #FP32} is the default and the parity contract; {@link #BF16} is opt-in, stores those weights as
 * bfloat16 once and multiplies them in oneDNN's AVX512_BF16 (or AMX) kernels with float32 accumulation,
 * on CPUs that have them ({@link Bf16Matmul#requireSupported()}).
 */
public enum Precision {
    /** Single precision everywhere, exact to the reference within the golden tolerances. */
    FP32,
    /** bfloat16 weights and activations in the layers' products, float32 accumulation and everything else. */
    BF16;

    /**
     * @param name {@code fp32} or {@code bf16}, any case
     * @return the precision
     * @throws InvalidInputException naming the accepted values when the name is not one of them
     */
    public static Precision parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new InvalidInputException("precision must be fp32 or bf16, got '" + name + "'");
        };
    }

    /** @return the lower-case name used by the CLI ({@code fp32}, {@code bf16}) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
