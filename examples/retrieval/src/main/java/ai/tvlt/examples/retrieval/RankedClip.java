package ai.tvlt.examples.retrieval;

import java.util.Objects;

/**
 * A hit of the second stage: a first-stage candidate with its TVLT matching score.
 *
 * @param candidate the first-stage hit
 * @param matchingProbability {@code sigmoid(matching_logits)} of TvltForPreTraining for the query's audio
 *     and the candidate's video: the model's probability that the two belong together
 */
public record RankedClip(Candidate candidate, float matchingProbability) {

    /** Checks that no field is null. */
    public RankedClip {
        Objects.requireNonNull(candidate, "candidate");
    }
}
