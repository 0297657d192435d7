package ai.tvlt.examples.cli.infer;

import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.weights.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Loads a head class from a checkpoint folder and, when that fails because the folder holds no weight of
 * the head at all (say a {@code TvltForPreTraining} checkpoint given to {@code --task classification}),
 * replaces the list of every missing and unexpected weight by one sentence that says which checkpoint
 * the task needs.
 *
 * @param className the reference class, e.g. {@code TvltForAudioVisualClassification}
 * @param task the {@code --task} value that loads it
 * @param headPrefixes weight-name prefixes of which a checkpoint of the class holds at least one
 */
record HeadCheckpoint(String className, String task, List<String> headPrefixes) {

    /**
     * @param checkpoint the checkpoint folder
     * @param loader the class's {@code fromPretrained}
     * @param <M> the model class
     * @return the loaded model
     * @throws WeightLoadingException as the loader throws it, or naming the missing head
     */
    <M> M load(Path checkpoint, Function<Path, M> loader) {
        try {
            return loader.apply(checkpoint);
        } catch (WeightLoadingException e) {
            throw hasHeadWeights(checkpoint) ? e : new WeightLoadingException(checkpoint + " holds no "
                    + className + " weights (no " + String.join("*, ", headPrefixes) + "* tensors; config.json"
                    + " architectures: " + architectures(checkpoint) + "); --task " + task + " needs a " + className
                    + " checkpoint, --task model runs the encoder of any TVLT checkpoint", e);
        }
    }

    private boolean hasHeadWeights(Path checkpoint) {
        try (Checkpoint c = Checkpoint.open(checkpoint)) {
            return c.tensors().names().stream().anyMatch(n -> headPrefixes.stream().anyMatch(n::startsWith));
        }
    }

    private static String architectures(Path checkpoint) {
        try (Checkpoint c = Checkpoint.open(checkpoint)) {
            return c.config().architectures().toString();
        }
    }
}
