package ai.tvlt.models.pipeline;

/**
 * The matching head's verdict on one video/audio pair.
 *
 * @param logit {@code matching_logits[0, 0]}
 * @param probability {@code sigmoid(logit)}, the probability that the video and the audio belong together
 *     ({@link ai.tvlt.models.tvlt.TvltForPreTrainingOutput#matchingProbabilities()})
 */
public record MatchScore(float logit, float probability) {
}
