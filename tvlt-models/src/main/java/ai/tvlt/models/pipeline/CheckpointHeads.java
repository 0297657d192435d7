package ai.tvlt.models.pipeline;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Which TVLT heads a checkpoint folder really holds, read from its {@code config.json} and the names of
 * its weights (no tensor is decoded), so that a pipeline given the wrong kind of checkpoint fails with one
 * line that says what is missing instead of a list of unexpected weights.
 *
 * <ul>
 *   <li>matching head: {@code task_matching} true and the {@code matching_head.pooler.dense} /
 *       {@code matching_head.fc} weights;</li>
 *   <li>MAE branch: {@code task_mae} true and {@code encoder_to_decoder}, {@code pixel_mae_head},
 *       {@code audio_mae_head} weights;</li>
 *   <li>classifier: {@code classifier.*} weights (TvltForAudioVisualClassification).</li>
 * </ul>
 * Immutable.
 *
 * @param folder the checkpoint folder
 * @param config its config
 * @param missingMatchingWeights the {@link #MATCHING_WEIGHTS} the checkpoint lacks
 * @param missingMaeWeights the {@link #MAE_WEIGHTS} the checkpoint lacks
 * @param classifierWeights whether {@code classifier.*} weights are present
 */
public record CheckpointHeads(Path folder, TvltConfig config, List<String> missingMatchingWeights,
        List<String> missingMaeWeights, boolean classifierWeights) {

    /** The weights of the matching head ({@code TvltMatchingHead}: pooler + fc). */
    public static final List<String> MATCHING_WEIGHTS = List.of("matching_head.pooler.dense.weight",
            "matching_head.pooler.dense.bias", "matching_head.fc.weight", "matching_head.fc.bias");
    /** Weights whose presence marks the MAE branch (the decoder's are checked when it is bound). */
    public static final List<String> MAE_WEIGHTS = List.of("encoder_to_decoder.weight",
            "pixel_mae_head.decoder.weight", "audio_mae_head.decoder.weight");
    /** The prefix of the classification head's weights. */
    public static final String CLASSIFIER_PREFIX = "classifier.";

    private static final String PRETRAINING = "TvltForPreTraining";
    private static final String CLASSIFICATION = "TvltForAudioVisualClassification";
    private static final String CLASSIFIER_CHECKPOINT = "it is a " + CLASSIFICATION
            + " checkpoint (classifier.* weights, for classification)";

    /**
     * @param checkpoint an open checkpoint
     * @return its heads
     */
    public static CheckpointHeads of(Checkpoint checkpoint) {
        TensorStore store = checkpoint.tensors();
        boolean classifier = store.names().stream().anyMatch(n -> n.startsWith(CLASSIFIER_PREFIX));
        return new CheckpointHeads(checkpoint.dir(), checkpoint.config(), missing(store, MATCHING_WEIGHTS),
                missing(store, MAE_WEIGHTS), classifier);
    }

    /** Copies the lists. */
    public CheckpointHeads {
        missingMatchingWeights = List.copyOf(missingMatchingWeights);
        missingMaeWeights = List.copyOf(missingMaeWeights);
    }

    /** @return whether every weight of the matching head is present */
    public boolean matchingWeights() {
        return missingMatchingWeights.isEmpty();
    }

    /** @return whether the weights marking the MAE branch are present */
    public boolean maeWeights() {
        return missingMaeWeights.isEmpty();
    }

    /** @return whether the matching head can run: enabled in the config and its weights present */
    public boolean hasMatchingHead() {
        return config.taskMatching() && matchingWeights();
    }

    /** @return whether the MAE branch can run: enabled in the config and its weights present */
    public boolean hasMaeBranch() {
        return config.taskMae() && maeWeights();
    }

    /**
     * For audio-visual matching ({@link MatchScorer}).
     *
     * @throws InvalidInputException naming what the checkpoint lacks, when it has no matching head
     */
    public void requireMatchingHead() {
        if (hasMatchingHead()) {
            return;
        }
        String why;
        if (classifierWeights) {
            why = CLASSIFIER_CHECKPOINT;
        } else if (!config.taskMatching()) {
            why = "its config.json sets task_matching false";
        } else {
            why = "its weights lack " + String.join(", ", missingMatchingWeights);
        }
        throw new InvalidInputException("checkpoint " + folder + " has no matching head: " + why
                + "; audio-visual matching needs a " + PRETRAINING + " checkpoint with task_matching true and"
                + " matching_head.* weights");
    }

    /**
     * For masked-autoencoder reconstruction ({@link Reconstructor}).
     *
     * @throws InvalidInputException naming what the checkpoint lacks, when it has no MAE decoder
     */
    public void requireMaeBranch() {
        if (hasMaeBranch()) {
            return;
        }
        String why;
        if (classifierWeights) {
            why = CLASSIFIER_CHECKPOINT;
        } else if (!config.taskMae()) {
            why = "its config.json sets task_mae false";
        } else {
            why = "its weights lack " + String.join(", ", missingMaeWeights);
        }
        throw new InvalidInputException("checkpoint " + folder + " has no MAE decoder: " + why
                + "; reconstruction needs a " + PRETRAINING + " checkpoint with task_mae true and the decoder and"
                + " *_mae_head weights");
    }

    /**
     * For audio-visual classification ({@link ClipClassifier}).
     *
     * @throws InvalidInputException when the checkpoint has no {@code classifier.*} weights
     */
    public void requireClassifier() {
        if (classifierWeights) {
            return;
        }
        String kind = matchingWeights() || maeWeights()
                ? "it is a " + PRETRAINING + " checkpoint (for matching and reconstruction)"
                : "its weights have no classifier.* tensors";
        throw new InvalidInputException("checkpoint " + folder + " has no classification head: " + kind
                + "; classification needs a " + CLASSIFICATION + " checkpoint");
    }

    /**
     * Loads the pre-training model with the tasks this checkpoint can run, so that a checkpoint whose
     * config enables a task it has no weights for still serves the other one (the loaded config has
     * {@code task_matching} / {@code task_mae} switched off where the weights are absent).
     *
     * @param checkpoint the open checkpoint these heads were read from
     * @return the model; close it when done
     * @throws ai.tvlt.core.error.TvltException when the weights do not fit the config
     */
    public TvltForPreTraining loadPreTraining(Checkpoint checkpoint) {
        return loadPreTraining(checkpoint, LoadOptions.defaults());
    }

    /**
     * As {@link #loadPreTraining(Checkpoint)} with load options (threads, precision).
     *
     * @param checkpoint the open checkpoint these heads were read from
     * @param options how to load and run the model
     * @return the model; close it when done
     */
    public TvltForPreTraining loadPreTraining(Checkpoint checkpoint, LoadOptions options) {
        TvltConfig runnable = config.toBuilder().taskMatching(hasMatchingHead()).taskMae(hasMaeBranch()).build();
        return TvltForPreTraining.create(runnable, checkpoint.tensors(), options);
    }

    private static List<String> missing(TensorStore store, List<String> names) {
        return names.stream().filter(n -> !store.contains(n)).toList();
    }
}
