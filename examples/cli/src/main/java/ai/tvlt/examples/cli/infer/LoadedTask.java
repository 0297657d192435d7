package ai.tvlt.examples.cli.infer;

import java.util.function.Supplier;

/**
 * A model loaded from a checkpoint and bound to one set of inputs: {@link #forward()} can run any number
 * of times (the first run for the output, the next ones for {@code --repeat}), always on the same inputs
 * and the same masking noise. Holds the model's native memory until {@link #close()}.
 */
public interface LoadedTask extends AutoCloseable {

    /**
     * Runs one forward pass.
     *
     * @return its output fields
     * @throws ai.tvlt.core.error.InvalidInputException when the inputs do not fit the model's config
     */
    InferenceResult forward();

    /** Frees the model. */
    @Override
    void close();

    /**
     * @param forward one forward pass of the bound model
     * @param model the model, closed by {@link #close()}
     * @return a loaded task
     */
    static LoadedTask of(Supplier<InferenceResult> forward, AutoCloseable model) {
        return new LoadedTask() {
            @Override
            public InferenceResult forward() {
                return forward.get();
            }

            @Override
            public void close() {
                try {
                    model.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close " + model, e);
                }
            }
        };
    }
}
