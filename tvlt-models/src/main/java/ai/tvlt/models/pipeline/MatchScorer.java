package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.models.tvlt.TvltForPreTrainingOutput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.MediaInputs;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores whether a video and an audio clip belong together with the vision-audio matching head of a
 * {@link TvltForPreTraining} checkpoint: the model runs in its default (inference) mode on
 * {@code pixel_values}/{@code pixel_mask} and {@code audio_values}/{@code audio_mask} (without
 * {@code pixel_values_mixed} the matching task scores {@code pixel_values}, see TvltForPreTraining), and
 * the score is {@code matching_logits} with its sigmoid.
 *
 * <p>Thread-safety: {@link #score} may be called from several threads at once; {@link #close()} frees the
 * model's native memory.
 */
public final class MatchScorer implements AutoCloseable {

    private final TvltForPreTraining model;
    private final MediaInputs media;

    /**
     * @param model a pre-training model with the matching head; this scorer closes it
     * @param processor the preprocessing that fits the model
     */
    public MatchScorer(TvltForPreTraining model, TvltProcessor processor) {
        this.model = InvalidInputException.requireNonNull(model, "model");
        this.media = new MediaInputs(processor);
        if (!model.config().taskMatching()) {
            throw new InvalidInputException("the model has no matching head (task_matching is false)");
        }
    }

    /**
     * Loads a checkpoint folder's matching model and processor ({@code preprocessor_config.json}, or the
     * processor derived from {@code config.json}).
     *
     * @param checkpointDir a TvltForPreTraining checkpoint folder
     * @return the scorer; close it when done
     * @throws InvalidInputException when the checkpoint has no matching head (saying what it lacks)
     */
    public static MatchScorer fromPretrained(Path checkpointDir) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        try (Checkpoint checkpoint = Checkpoint.open(checkpointDir)) {
            CheckpointHeads heads = CheckpointHeads.of(checkpoint);
            heads.requireMatchingHead();
            return new MatchScorer(heads.loadPreTraining(checkpoint), processor);
        }
    }

    /**
     * Loads the scorer from a hub id {@code owner/name[@revision]} (the shared Hugging Face cache, downloaded into
     * it when missing, with this process's {@code HF_*} settings) or a checkpoint folder.
     *
     * @param modelIdOrFolder a hub id or a checkpoint folder
     * @return the scorer; close it when done
     * @throws ai.tvlt.core.error.TvltException when the model cannot be found, fetched or read, or lacks the head
     */
    public static MatchScorer fromPretrained(String modelIdOrFolder) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /** @return the media loader with this model's processor */
    public MediaInputs media() {
        return media;
    }

    /**
     * @param clip preprocessed video and audio, batch size 1
     * @return the pair's matching logit and probability
     */
    public MatchScore score(TvltInputs clip) {
        TvltForPreTrainingOutput out = model.forward(TvltForPreTrainingInput.builder().inputs(clip).build());
        float logit = out.matchingLogits().orElseThrow().get(0);
        float probability = out.matchingProbabilities().orElseThrow().get(0);
        return new MatchScore(logit, probability);
    }

    /**
     * @param video an image file, a folder of frames or a video file
     * @param audio a WAV file
     * @return whether they belong together: the matching logit and probability
     * @throws ai.tvlt.core.error.TvltException naming the file when one cannot be read
     */
    public MatchScore score(Path video, Path audio) {
        return score(media.clip(video, audio));
    }

    /**
     * Scores every video against every audio clip; each file is decoded and preprocessed once.
     *
     * @param videos image files, frame folders or video files (the rows)
     * @param audio WAV files (the columns)
     * @return the matrix of scores
     * @throws InvalidInputException when either list is empty
     */
    public MatchMatrix scoreAll(List<Path> videos, List<Path> audio) {
        if (videos.isEmpty() || audio.isEmpty()) {
            throw new InvalidInputException("match needs at least one video and one audio input");
        }
        List<PixelInputs> pixels = videos.stream().map(media::video).toList();
        List<AudioFeatures> sounds = audio.stream().map(media::audio).toList();
        List<List<MatchScore>> rows = new ArrayList<>();
        for (PixelInputs video : pixels) {
            List<MatchScore> row = new ArrayList<>();
            for (AudioFeatures sound : sounds) {
                row.add(score(TvltInputs.of(video.pixelValues(), video.pixelMask().toFloatTensor(),
                        sound.audioValues(), sound.audioMask())));
            }
            rows.add(row);
        }
        return new MatchMatrix(videos, audio, rows);
    }

    @Override
    public void close() {
        model.close();
    }
}
