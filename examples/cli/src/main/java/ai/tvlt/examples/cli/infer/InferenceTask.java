package ai.tvlt.examples.cli.infer;

import java.nio.file.Path;

/**
 * One value of {@code tvlt infer --task}: which reference class runs (SPEC section 4), which inputs it
 * reads and which output fields it writes. Implementations are stateless and thread-safe.
 */
public interface InferenceTask {

    /** @return the {@code --task} value, e.g. {@code model} */
    String name();

    /**
     * Reads this task's inputs, then loads the checkpoint. Inputs are read first, so a missing or
     * malformed tensor is reported before the weights are loaded; once this returns, the input file is
     * no longer needed.
     *
     * @param checkpoint the checkpoint folder ({@code config.json} + weights)
     * @param inputs the tensors of {@code --inputs}
     * @param options the forward flags, already checked to fit this task
     * @return the model bound to the inputs; the caller closes it
     * @throws ai.tvlt.core.error.TvltException for a missing or malformed input, or a checkpoint that
     *     cannot be loaded
     */
    LoadedTask load(Path checkpoint, InferInputs inputs, InferOptions options);
}
