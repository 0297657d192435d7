package ai.tvlt.examples.cli.infer;

import ai.tvlt.examples.cli.io.OutputWriter;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.models.tvlt.TvltModelOutput;

/**
 * {@code --task model}: the bare encoder, the reference's {@code TvltModel} (from a bare or a head
 * checkpoint, whose {@code tvlt.} weights it takes). Reads {@code pixel_values}, {@code audio_values},
 * {@code pixel_mask}, {@code audio_mask}, {@code pixel_mask_noise}, {@code audio_mask_noise}; honours
 * {@code --mask-pixel}/{@code --mask-audio}. Writes {@code last_hidden_state},
 * {@code last_pixel_hidden_state}, {@code last_audio_hidden_state}, with masking the
 * {@code *_label_masks} (F32) and {@code *_ids_restore} (I64), and on request {@code hidden_states.<i>}
 * and {@code attentions.<i>}.
 */
public final class ModelTask implements InferenceTask {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public TaskInputs read(InferInputs inputs, InferOptions options) {
        TvltModelInput input = TvltModelInput.builder()
                .pixelValues(inputs.values("pixel_values"))
                .audioValues(inputs.values("audio_values"))
                .pixelMask(inputs.numeric("pixel_mask").orElse(null))
                .audioMask(inputs.numeric("audio_mask").orElse(null))
                .pixelMaskNoise(inputs.optionalValues("pixel_mask_noise").orElse(null))
                .audioMaskNoise(inputs.optionalValues("audio_mask_noise").orElse(null))
                .maskPixel(options.maskPixel())
                .maskAudio(options.maskAudio())
                .outputHiddenStates(options.outputHiddenStates())
                .outputAttentions(options.outputAttentions())
                .seed(options.seed())
                .build();
        return checkpoint -> {
            TvltModel model = TvltModel.fromPretrained(checkpoint, options.load());
            return LoadedTask.of(() -> {
                TvltModelOutput output = model.forward(input);
                return out -> write(output, out);
            }, model);
        };
    }

    /**
     * Adds the fields of a {@code TvltModelOutput} that are not empty.
     *
     * @param output the encoder's result
     * @param out the writer
     */
    static void write(TvltModelOutput output, OutputWriter out) {
        out.floats("last_hidden_state", output.lastHiddenState());
        out.floats("last_pixel_hidden_state", output.lastPixelHiddenState());
        out.floats("last_audio_hidden_state", output.lastAudioHiddenState());
        output.pixelLabelMasks().ifPresent(t -> out.floats("pixel_label_masks", t));
        output.audioLabelMasks().ifPresent(t -> out.floats("audio_label_masks", t));
        output.pixelIdsRestore().ifPresent(t -> out.longs("pixel_ids_restore", t));
        output.audioIdsRestore().ifPresent(t -> out.longs("audio_ids_restore", t));
        out.sequence("hidden_states", output.hiddenStates());
        out.sequence("attentions", output.attentions());
    }

    @Override
    public String toString() {
        return name();
    }
}
