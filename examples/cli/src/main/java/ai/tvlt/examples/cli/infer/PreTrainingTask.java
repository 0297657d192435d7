package ai.tvlt.examples.cli.infer;

import ai.tvlt.examples.cli.io.OutputWriter;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.models.tvlt.TvltForPreTrainingOutput;
import java.util.List;

/**
 * {@code --task pretraining}: the reference's {@code TvltForPreTraining}. Reads {@code pixel_values},
 * {@code audio_values}, {@code pixel_mask}, {@code audio_mask}, {@code pixel_values_mixed},
 * {@code pixel_mask_mixed}, {@code labels} (any numeric dtype, read as float) and, with
 * {@code --reconstruct}, the masking noise.
 *
 * <p>Without {@code --reconstruct} only the matching task runs (the reference's eval mode); with it, the
 * reference's training-mode forward without dropout: matching when {@code labels} or
 * {@code pixel_values_mixed} are given, plus the masked-autoencoder task, and {@code hidden_states} /
 * {@code attentions} from the masked pass. Writes the reference's {@code TvltForPreTrainingOutput}
 * fields that are set: {@code loss} (0-d; absent without labels and without reconstruction),
 * {@code matching_logits}, {@code pixel_logits}, {@code audio_logits}, {@code hidden_states.<i>},
 * {@code attentions.<i>}. The MAE pass's label masks and ids, which the reference does not return, are
 * not written.
 */
public final class PreTrainingTask implements InferenceTask {

    /** A pretraining checkpoint holds the matching head, the MAE branch, or both (task_matching, task_mae). */
    private static final HeadCheckpoint HEAD = new HeadCheckpoint("TvltForPreTraining", "pretraining",
            List.of("matching_head.", "encoder_to_decoder."));

    @Override
    public String name() {
        return "pretraining";
    }

    @Override
    public TaskInputs read(InferInputs inputs, InferOptions options) {
        TvltForPreTrainingInput input = TvltForPreTrainingInput.builder()
                .pixelValues(inputs.values("pixel_values"))
                .audioValues(inputs.values("audio_values"))
                .pixelMask(inputs.numeric("pixel_mask").orElse(null))
                .audioMask(inputs.numeric("audio_mask").orElse(null))
                .pixelValuesMixed(inputs.optionalValues("pixel_values_mixed").orElse(null))
                .pixelMaskMixed(inputs.numeric("pixel_mask_mixed").orElse(null))
                .labels(inputs.numeric("labels").orElse(null))
                .pixelMaskNoise(inputs.optionalValues("pixel_mask_noise").orElse(null))
                .audioMaskNoise(inputs.optionalValues("audio_mask_noise").orElse(null))
                .reconstruct(options.reconstruct())
                .outputHiddenStates(options.outputHiddenStates())
                .outputAttentions(options.outputAttentions())
                .seed(options.seed())
                .build();
        return checkpoint -> {
            TvltForPreTraining model = HEAD.load(checkpoint,
                    dir -> TvltForPreTraining.fromPretrained(dir, options.load()));
            return LoadedTask.of(() -> {
                TvltForPreTrainingOutput output = model.forward(input);
                return out -> write(output, out);
            }, model);
        };
    }

    private static void write(TvltForPreTrainingOutput output, OutputWriter out) {
        output.loss().ifPresent(t -> out.floats("loss", t));
        output.matchingLogits().ifPresent(t -> out.floats("matching_logits", t));
        output.pixelLogits().ifPresent(t -> out.floats("pixel_logits", t));
        output.audioLogits().ifPresent(t -> out.floats("audio_logits", t));
        out.sequence("hidden_states", output.hiddenStates());
        out.sequence("attentions", output.attentions());
    }

    @Override
    public String toString() {
        return name();
    }
}
