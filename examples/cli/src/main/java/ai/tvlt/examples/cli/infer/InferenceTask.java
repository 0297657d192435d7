package ai.tvlt.examples.cli.infer;

/**
 * One value of {@code tvlt infer --task}: which reference class runs (SPEC section 4), which inputs it
 * reads and which output fields it writes. Implementations are stateless and thread-safe.
 */
public interface InferenceTask {

    /** @return the {@code --task} value, e.g. {@code model} */
    String name();

    /**
     * Reads and checks this task's inputs. This happens before the checkpoint is located or loaded, so
     * a missing or malformed tensor is reported at once; once this returns, the input file is no longer
     * needed.
     *
     * @param inputs the tensors of {@code --inputs}
     * @param options the forward flags, already checked to fit this task
     * @return the inputs, ready to be bound to a model
     * @throws ai.tvlt.core.error.InvalidInputException for a missing or malformed input
     */
    TaskInputs read(InferInputs inputs, InferOptions options);

    /** A task's inputs read from the file, waiting for the model to run them. */
    @FunctionalInterface
    interface TaskInputs {

        /**
         * Loads the task's model from a checkpoint folder and binds it to these inputs.
         *
         * @param checkpoint the checkpoint folder ({@code config.json} + weights)
         * @return the loaded model; the caller closes it
         * @throws ai.tvlt.core.error.TvltException when the checkpoint cannot be loaded
         */
        LoadedTask load(java.nio.file.Path checkpoint);
    }
}
