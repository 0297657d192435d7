package ai.tvlt.examples.cli.infer;

import ai.tvlt.core.error.InvalidInputException;

/**
 * {@code --task pretraining}: the reference's {@code TvltForPreTraining}. TEMPORARY: the head is not in tvlt-models yet,
 * so this task reports that it is not available.
 */
public final class PreTrainingTask implements InferenceTask {

    @Override
    public String name() {
        return "pretraining";
    }

    @Override
    public TaskInputs read(InferInputs inputs, InferOptions options) {
        throw new InvalidInputException("task pretraining needs TvltForPreTraining, which is not available in this build yet");
    }

    @Override
    public String toString() {
        return name();
    }
}
