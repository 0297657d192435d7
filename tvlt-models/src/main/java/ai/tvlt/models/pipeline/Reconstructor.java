package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.clip.MediaInputs;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;

/**
 * Runs the masked-autoencoder branch of a {@link TvltForPreTraining} checkpoint on one clip: the
 * reconstruct (training-mode) forward, which drops {@code pixel_mask_ratio} of the pixel patches and
 * {@code audio_mask_ratio} of the audio patches (the config's ratios and {@code audio_mask_type}) with noise
 * drawn from a seed, and predicts every patch.
 *
 * <p>Thread-safety: {@link #reconstruct} may be called from several threads at once; {@link #close()} frees
 * the model's native memory.
 */
public final class Reconstructor implements AutoCloseable {

    private final TvltForPreTraining model;
    private final MediaInputs media;

    /**
     * @param model a pre-training model with the MAE branch; this object closes it
     * @param processor the preprocessing that fits it
     */
    public Reconstructor(TvltForPreTraining model, TvltProcessor processor) {
        this.model = InvalidInputException.requireNonNull(model, "model");
        this.media = new MediaInputs(processor);
    }

    /**
     * @param checkpointDir a TvltForPreTraining checkpoint folder with the MAE decoder
     * @return the reconstructor with the folder's processor; close it when done
     * @throws ai.tvlt.core.error.InvalidInputException when the checkpoint has no MAE decoder
     */
    public static Reconstructor fromPretrained(Path checkpointDir) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        try (Checkpoint checkpoint = Checkpoint.open(checkpointDir)) {
            CheckpointHeads heads = CheckpointHeads.of(checkpoint);
            heads.requireMaeBranch();
            return new Reconstructor(heads.loadPreTraining(checkpoint), processor);
        }
    }

    /**
     * Loads the reconstructor from a hub id {@code owner/name[@revision]} (the shared Hugging Face cache, downloaded into
     * it when missing, with this process's {@code HF_*} settings) or a checkpoint folder.
     *
     * @param modelIdOrFolder a hub id or a checkpoint folder
     * @return the reconstructor; close it when done
     * @throws ai.tvlt.core.error.TvltException when the model cannot be found, fetched or read, or lacks the head
     */
    public static Reconstructor fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /** @return the media loader with this model's processor */
    public MediaInputs media() {
        return media;
    }

    /**
     * @param clip preprocessed video and audio, batch size 1
     * @param seed the seed of the masking noise (the same seed drops the same patches)
     * @param allPredicted whether the reconstructions show the prediction for every patch (otherwise
     *     visible patches come from the original)
     * @return the reconstruction
     */
    public Reconstruction reconstruct(TvltInputs clip, long seed, boolean allPredicted) {
        TvltForPreTrainingInput input = TvltForPreTrainingInput.builder()
                .inputs(clip)
                .reconstruct(true).seed(seed)
                .build();
        return new Reconstruction(model.config(), clip, model.forward(input), allPredicted);
    }

    /**
     * @param video an image file, a folder of frames or a video file
     * @param audio a WAV file
     * @param seed the seed of the masking noise
     * @return the reconstruction of the clip, dropped patches predicted
     * @throws ai.tvlt.core.error.TvltException naming the file when one cannot be read
     */
    public Reconstruction reconstruct(Path video, Path audio, long seed) {
        return reconstruct(media.clip(video, audio), seed, false);
    }

    @Override
    public void close() {
        model.close();
    }
}
