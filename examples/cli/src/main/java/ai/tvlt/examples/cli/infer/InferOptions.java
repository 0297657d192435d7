package ai.tvlt.examples.cli.infer;

import ai.tvlt.models.tvlt.LoadOptions;

/**
 * The flags of {@code tvlt infer} that change what a forward pass computes (SPEC section 4). Which task
 * accepts which flag is checked by the command before a task sees them: {@code maskPixel}/{@code maskAudio}
 * only reach the model task, {@code reconstruct} only the pretraining task.
 *
 * @param maskPixel {@code --mask-pixel}: TvltModel's {@code mask_pixel}
 * @param maskAudio {@code --mask-audio}: TvltModel's {@code mask_audio}
 * @param reconstruct {@code --reconstruct}: the pretraining head's training-mode forward (matching + MAE)
 * @param outputHiddenStates {@code --output-hidden-states}
 * @param outputAttentions {@code --output-attentions}
 * @param seed {@code --seed}: seed of the project's generator for masking noise the inputs do not give
 * @param load {@code --threads} and {@code --precision}: how the model is loaded (bf16 only reaches the
 *     model task)
 */
public record InferOptions(boolean maskPixel, boolean maskAudio, boolean reconstruct, boolean outputHiddenStates,
        boolean outputAttentions, long seed, LoadOptions load) {
}
