package ai.tvlt.models.tvlt;

/**
 * One class of a classification result, as {@link TvltForAudioVisualClassification#topK} ranks them.
 *
 * @param label the class name from the config's {@code id2label} ({@code LABEL_<index>} when absent)
 * @param index the class index (the logit's position)
 * @param probability its softmax probability over all classes
 */
public record Prediction(String label, int index, float probability) {
}
