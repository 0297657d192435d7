package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.image.VideoFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage: scores candidates with TVLT's vision-audio matching head, the way TVLT itself scores
 * an audio-video pair ({@code TvltForPreTraining}, {@code matching_logits}, as in the paper's
 * audio-to-video retrieval). The query's <b>audio</b> is paired with each candidate's <b>video</b>; the
 * score is {@code sigmoid(matching_logits)}, the model's probability that this audio belongs to this
 * video. Each pair is its own batch of one, so a candidate's score does not depend on the others.
 *
 * <p>Thread-safety: {@link #score} and {@link #rerank} may be called from several threads at once (the
 * processor is immutable, {@link TvltForPreTraining#forward} is thread-safe); {@link #close()} frees the
 * model's native memory.
 */
public final class MatchingReranker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MatchingReranker.class);

    private final TvltForPreTraining model;
    private final TvltProcessor processor;
    private final MediaSources media;

    /**
     * @param model a pre-training model with the matching head ({@code task_matching}); this reranker
     *     closes it
     * @param processor the preprocessing that fits the model
     * @throws ConfigException when the model has no matching head
     */
    public MatchingReranker(TvltForPreTraining model, TvltProcessor processor) {
        this.model = Objects.requireNonNull(model, "model");
        this.processor = Objects.requireNonNull(processor, "processor");
        if (!model.config().taskMatching()) {
            throw new ConfigException("reranking needs the matching head, but task_matching is false in this"
                    + " model's config");
        }
        this.media = new MediaSources(processor.featureExtractor().samplingRate(),
                processor.imageProcessor().numFrames(), note -> LOG.info("{}", note));
    }

    /**
     * Loads a {@code TvltForPreTraining} checkpoint folder and its processor.
     *
     * @param checkpointDir a folder with config.json and the weights of the matching head
     * @return the reranker; close it when done
     * @throws ConfigException when the checkpoint is not a pre-training checkpoint with the matching head
     */
    public static MatchingReranker fromPretrained(Path checkpointDir) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        TvltForPreTraining model;
        try {
            model = TvltForPreTraining.fromPretrained(checkpointDir);
        } catch (WeightLoadingException e) {
            throw new ConfigException("reranking needs a TvltForPreTraining checkpoint with the matching head"
                    + " (e.g. ZinengTang/tvlt-base); " + checkpointDir + " does not fit: " + e.getMessage(), e);
        }
        try {
            return new MatchingReranker(model, processor);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Preprocesses the query's audio once for all candidates.
     *
     * @param wav the query's WAV file (resampled to the processor's rate when needed)
     * @return its {@code audio_values} and {@code audio_mask}
     */
    public AudioFeatures queryAudio(Path wav) {
        return processor.featureExtractor().extract(media.audio(wav));
    }

    /**
     * The matching probability of one pair.
     *
     * @param candidateVideo the candidate's frames, 1 to {@code num_frames}
     * @param queryAudio the query's audio features (batch size 1), from {@link #queryAudio}
     * @return {@code sigmoid(matching_logits[0, 0])}
     * @throws InvalidInputException when the audio is not one clip or the frames do not fit the processor
     */
    public float score(List<? extends VideoFrame> candidateVideo, AudioFeatures queryAudio) {
        if (queryAudio.batchSize() != 1) {
            throw new InvalidInputException("the query audio must be one clip, got a batch of "
                    + queryAudio.batchSize());
        }
        PixelInputs pixels = processor.imageProcessor().preprocessVideo(candidateVideo);
        FloatTensor probabilities = model.forward(TvltForPreTrainingInput.builder()
                .pixelValues(pixels.pixelValues())
                .pixelMask(pixels.pixelMask().toFloatTensor())
                .audioValues(queryAudio.audioValues())
                .audioMask(queryAudio.audioMask())
                .build())
                .matchingProbabilities()
                .orElseThrow(() -> new IllegalStateException("the matching task did not run"));
        return probabilities.get(0);
    }

    /**
     * Scores every candidate's video against the query's audio and sorts by matching probability,
     * highest first (ties keep the first-stage order).
     *
     * @param queryAudio the query's WAV file
     * @param candidates first-stage hits
     * @return the candidates with their matching probabilities, best first
     * @throws TvltException naming the candidate when its video cannot be read
     */
    public List<RankedClip> rerank(Path queryAudio, List<Candidate> candidates) {
        AudioFeatures audio = queryAudio(queryAudio);
        List<RankedClip> ranked = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            ranked.add(new RankedClip(candidate, score(candidateVideo(candidate), audio)));
        }
        // List.sort is stable: equal probabilities keep the first-stage order
        ranked.sort(Comparator.comparingDouble(RankedClip::matchingProbability).reversed());
        return List.copyOf(ranked);
    }

    private List<? extends VideoFrame> candidateVideo(Candidate candidate) {
        try {
            return media.video(candidate.clip().video());
        } catch (TvltException e) {
            throw new InvalidInputException("candidate " + candidate.clip().id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
