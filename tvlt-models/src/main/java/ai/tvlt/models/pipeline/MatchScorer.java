package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.models.tvlt.TvltForPreTrainingOutput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.ClipTensors;
import ai.tvlt.processing.clip.MediaInputs;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.weights.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
        this.model = Objects.requireNonNull(model, "model");
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
            heads.requireMatchingHead("match");
            return new MatchScorer(heads.loadPreTraining(checkpoint), processor);
        }
    }

    /** @return the media loader with this model's processor */
    public MediaInputs media() {
        return media;
    }

    /**
     * @param clip preprocessed video and audio, batch size 1
     * @return the pair's matching logit and probability
     */
    public MatchScore score(ClipTensors clip) {
        TvltForPreTrainingOutput out = model.forward(TvltForPreTrainingInput.builder()
                .pixelValues(clip.pixelValues()).pixelMask(clip.pixelMask())
                .audioValues(clip.audioValues()).audioMask(clip.audioMask())
                .build());
        float logit = out.matchingLogits().orElseThrow().get(0);
        float probability = out.matchingProbabilities().orElseThrow().get(0);
        return new MatchScore(logit, probability);
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
                row.add(score(ClipTensors.of(video, sound)));
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
