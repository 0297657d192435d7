package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.memory.MemoryEstimate;
import ai.tvlt.core.memory.MemoryLimits;
import ai.tvlt.models.nn.RowParallel;
import org.bytedeco.javacpp.Pointer;

/**
 * The check every load runs before it allocates: the {@link MemoryEstimate} of the config against this
 * JVM's heap and the native memory ND4J can get. ND4J's data buffers are not counted against JavaCPP's
 * {@code maxBytes}, but JavaCPP refuses any further allocation (ND4J's shape buffers included) once the
 * process's resident size passes {@code maxPhysicalBytes} (here four times the maximum heap unless
 * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes} says otherwise), so native memory is capped at that
 * less the heap committed now, and at the machine's physical memory. Stateless.
 */
final class ModelMemory {

    private static final double FLOAT_BYTES = 4;

    private ModelMemory() {
    }

    /**
     * @param config the config about to be loaded
     * @param scope the modules the load creates
     * @throws ConfigException naming the key that makes the model too large for this JVM
     */
    static void require(TvltConfig config, MemoryEstimate.Scope scope) {
        MemoryEstimate.of(config, scope, RowParallel.lanes()).requireWithin(limits());
    }

    /**
     * Refuses a forward whose batch and sequence length need more memory than this JVM has: the native
     * layer workspace and the requested heap copies (hidden states, attention probabilities).
     *
     * @param dims the encoder's sizes
     * @param layers the number of layers
     * @param batch B
     * @param seqLen tokens per sample after masking
     * @param hiddenStates whether every layer's hidden states are returned
     * @param attentions whether every layer's attention probabilities are returned
     * @throws InvalidInputException saying what is too large and what to ask for instead
     */
    static void requireForward(LayerDims dims, int layers, int batch, int seqLen, boolean hiddenStates,
            boolean attentions) {
        double rows = (double) batch * seqLen;
        double work = FLOAT_BYTES * rows * (6.0 * dims.hiddenSize() + dims.intermediateSize());
        double heap = FLOAT_BYTES * rows * dims.hiddenSize() * (3 + (hiddenStates ? layers + 1 : 0));
        if (attentions) {
            heap += FLOAT_BYTES * layers * rows * dims.numHeads() * seqLen;
        }
        MemoryLimits limits = limits();
        if (work > limits.nativeBytes()) {
            throw new InvalidInputException("a batch of " + batch + " with " + seqLen + " tokens each needs ~"
                    + MemoryLimits.format(work) + " of native working memory, more than the "
                    + MemoryLimits.format(limits.nativeBytes()) + " this JVM can use; use smaller batches");
        }
        if (heap > limits.heapBytes()) {
            throw new InvalidInputException("the outputs of a batch of " + batch + " with " + seqLen + " tokens each"
                    + (attentions ? " with attentions" : "") + (hiddenStates ? " with hidden states" : "") + " need ~"
                    + MemoryLimits.format(heap) + " of Java heap, more than the " + MemoryLimits.format(limits.heapBytes())
                    + " this JVM can use; use smaller batches or fewer outputs");
        }
    }

    /** @return this JVM's limits, native memory capped by JavaCPP's */
    static MemoryLimits limits() {
        long cap = Long.MAX_VALUE;
        long maxPhysical = Pointer.maxPhysicalBytes();
        if (maxPhysical > 0) {
            cap = Math.max(1, maxPhysical - Runtime.getRuntime().totalMemory());
        }
        return MemoryLimits.withNativeCap(cap);
    }
}
