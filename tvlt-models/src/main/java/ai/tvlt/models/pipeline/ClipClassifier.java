package ai.tvlt.models.pipeline;

import ai.tvlt.core.config.LossType;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.models.tvlt.Prediction;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.clip.MediaInputs;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies (or, for a regression head, scores) one video with its audio using a
 * {@link TvltForAudioVisualClassification} checkpoint and the processor that fits it.
 *
 * <p>Thread-safety: {@link #forward}, {@link #topK} and {@link #values} may be called from several
 * threads at once; {@link #close()} frees the model's native memory.
 */
public final class ClipClassifier implements AutoCloseable {

    /**
     * One output of a regression head.
     *
     * @param label its {@code id2label} name
     * @param index its index
     * @param value the logit, which is the regression value
     */
    public record Value(String label, int index, float value) {
    }

    private final TvltForAudioVisualClassification model;
    private final MediaInputs media;

    /**
     * @param model the classifier; this object closes it
     * @param processor the preprocessing that fits it
     */
    public ClipClassifier(TvltForAudioVisualClassification model, TvltProcessor processor) {
        this.model = InvalidInputException.requireNonNull(model, "model");
        this.media = new MediaInputs(processor);
    }

    /**
     * @param checkpointDir a TvltForAudioVisualClassification checkpoint folder
     * @return the classifier with the folder's processor; close it when done
     * @throws ai.tvlt.core.error.InvalidInputException when the checkpoint has no classifier.* weights
     */
    public static ClipClassifier fromPretrained(Path checkpointDir) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        try (Checkpoint checkpoint = Checkpoint.open(checkpointDir)) {
            CheckpointHeads.of(checkpoint).requireClassifier();
            return new ClipClassifier(TvltForAudioVisualClassification.create(checkpoint.config(),
                    checkpoint.tensors()), processor);
        }
    }

    /**
     * Loads the classifier from a hub id {@code owner/name[@revision]} (the shared Hugging Face cache, downloaded into
     * it when missing, with this process's {@code HF_*} settings) or a checkpoint folder.
     *
     * @param modelIdOrFolder a hub id or a checkpoint folder
     * @return the classifier; close it when done
     * @throws ai.tvlt.core.error.TvltException when the model cannot be found, fetched or read, or lacks the head
     */
    public static ClipClassifier fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /** @return whether the head is a regressor ({@code loss_type="regression"}) rather than a classifier */
    public boolean isRegression() {
        return model.config().lossType() == LossType.REGRESSION;
    }

    /** @return the media loader with this model's processor */
    public MediaInputs media() {
        return media;
    }

    /**
     * @param clip preprocessed video and audio, batch size 1 ({@code TvltProcessorOutput.inputs()})
     * @return the logits [1, num_labels]
     */
    public TvltClassificationOutput forward(TvltInputs clip) {
        return model.forward(TvltClassificationInput.builder().inputs(clip).build());
    }

    /**
     * @param video an image file, a folder of frames or a video file
     * @param audio a WAV file
     * @param k how many classes (at most num_labels are returned)
     * @return the k most probable labels of the clip, most probable first
     * @throws ai.tvlt.core.error.TvltException naming the file when one cannot be read
     */
    public List<Prediction> topK(Path video, Path audio, int k) {
        return topK(forward(media.clip(video, audio)), k);
    }

    /**
     * @param output a result of {@link #forward}
     * @param k how many classes (at most num_labels are returned)
     * @return the library's {@link TvltForAudioVisualClassification#topK} for the clip
     */
    public List<Prediction> topK(TvltClassificationOutput output, int k) {
        return model.topK(output, k).get(0);
    }

    /**
     * @param output a result of {@link #forward}
     * @return every output of the head with its label, in index order (for a regression head)
     */
    public List<Value> values(TvltClassificationOutput output) {
        List<String> labels = model.labels();
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            values.add(new Value(labels.get(i), i, output.logits().get(i)));
        }
        return List.copyOf(values);
    }

    @Override
    public void close() {
        model.close();
    }
}
