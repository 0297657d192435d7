package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.nn.ComputeThreads;
import ai.tvlt.models.nn.Precision;
import java.util.OptionalInt;

/**
 * How a model is set up at load time ({@code fromPretrained(dir, options)}, {@code create(..., options)}).
 * Immutable; build with {@link #builder()}.
 *
 * <p>{@code threads}: how many threads each forward computes on. Unset, it is {@code OPENBLAS_NUM_THREADS}
 * or {@code OMP_NUM_THREADS} when the user set one, else every core the JVM reports
 * ({@link Runtime#availableProcessors()}). Each model has its own threads: concurrent calls on one model
 * share them, and two models in one JVM use up to the sum of their counts (see the README's
 * Performance section).
 *
 * <p>{@code precision}: the arithmetic of the encoder layers' linear products (in {@link TvltModel} and
 * the encoders of the heads built on it). {@link Precision#FP32} is the default and the parity contract;
 * the opt-in {@link Precision#BF16} holds those weights as bfloat16 only and needs a CPU with
 * AVX512_BF16 or AMX (loading fails with a clear message otherwise). The MAE decoder, the embeddings
 * and the heads always compute in float32; a {@link TvltDecoder} loaded alone refuses {@code BF16}.
 */
public final class LoadOptions {

    private static final LoadOptions DEFAULTS = new LoadOptions(0, Precision.FP32);

    private final int threads;
    private final Precision precision;

    private LoadOptions(int threads, Precision precision) {
        this.threads = threads;
        this.precision = precision;
    }

    /** @return the defaults (threads chosen as the class comment says) */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the requested thread count, or empty for the default */
    public OptionalInt threads() {
        return threads == 0 ? OptionalInt.empty() : OptionalInt.of(threads);
    }

    /** @return the precision of the encoder layers' products (default {@link Precision#FP32}) */
    public Precision precision() {
        return precision;
    }

    /** @return a new pool of the threads these options ask for; the caller owns it */
    ComputeThreads newComputeThreads() {
        return threads == 0 ? ComputeThreads.defaults() : ComputeThreads.of(threads);
    }

    @Override
    public String toString() {
        return "LoadOptions[threads=" + (threads == 0 ? "default" : threads) + ", precision=" + precision.label()
                + "]";
    }

    /** Builds {@link LoadOptions}. Not thread-safe. */
    public static final class Builder {

        private int threads;
        private Precision precision = Precision.FP32;

        private Builder() {
        }

        /**
         * @param threads threads per forward, at least 1
         * @return this builder
         * @throws InvalidInputException when threads is below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new InvalidInputException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param precision the arithmetic of the encoder layers' products
         * @return this builder
         * @throws InvalidInputException when precision is null
         */
        public Builder precision(Precision precision) {
            this.precision = InvalidInputException.requireNonNull(precision, "precision");
            return this;
        }

        /** @return the options */
        public LoadOptions build() {
            return new LoadOptions(threads, precision);
        }
    }
}
