package ai.tvlt.examples.cli.infer;

import ai.tvlt.core.error.InvalidInputException;

/**
 * {@code --task classification}: the reference's {@code TvltForAudioVisualClassification}. TEMPORARY: the head is not in tvlt-models yet,
 * so this task reports that it is not available.
 */
public final class ClassificationTask implements InferenceTask {

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public TaskInputs read(InferInputs inputs, InferOptions options) {
        throw new InvalidInputException("task classification needs TvltForAudioVisualClassification, which is not available in this build yet");
    }

    @Override
    public String toString() {
        return name();
    }
}
