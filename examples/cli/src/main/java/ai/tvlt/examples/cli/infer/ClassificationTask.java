package ai.tvlt.examples.cli.infer;

import ai.tvlt.examples.cli.io.OutputWriter;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import java.util.List;

/**
 * {@code --task classification}: the reference's {@code TvltForAudioVisualClassification}. Reads
 * {@code pixel_values}, {@code audio_values}, {@code pixel_mask}, {@code audio_mask} and {@code labels}:
 * an integer tensor is read as class ids [B] ({@code loss_type="classification"}), a floating-point one
 * as regression targets [B, num_labels] ({@code "regression"}); the model rejects the kind its
 * {@code loss_type} does not take. Writes {@code loss} (0-d, with labels), {@code logits},
 * {@code hidden_states.<i>}, {@code attentions.<i>}.
 */
public final class ClassificationTask implements InferenceTask {

    private static final HeadCheckpoint HEAD =
            new HeadCheckpoint("TvltForAudioVisualClassification", "classification", List.of("classifier."));

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public TaskInputs read(InferInputs inputs, InferOptions options) {
        TvltClassificationInput.Builder builder = TvltClassificationInput.builder()
                .pixelValues(inputs.values("pixel_values"))
                .audioValues(inputs.values("audio_values"))
                .pixelMask(inputs.numeric("pixel_mask").orElse(null))
                .audioMask(inputs.numeric("audio_mask").orElse(null))
                .outputHiddenStates(options.outputHiddenStates())
                .outputAttentions(options.outputAttentions());
        if (inputs.contains("labels")) {
            if (inputs.isFloatingPoint("labels")) {
                builder.labels(inputs.values("labels"));
            } else {
                builder.labels(inputs.optionalLongs("labels").orElseThrow());
            }
        }
        TvltClassificationInput input = builder.build();
        return checkpoint -> {
            TvltForAudioVisualClassification model = HEAD.load(checkpoint,
                    dir -> TvltForAudioVisualClassification.fromPretrained(dir, options.load()));
            return LoadedTask.of(() -> {
                TvltClassificationOutput output = model.forward(input);
                return out -> write(output, out);
            }, model);
        };
    }

    private static void write(TvltClassificationOutput output, OutputWriter out) {
        output.loss().ifPresent(t -> out.floats("loss", t));
        out.floats("logits", output.logits());
        out.sequence("hidden_states", output.hiddenStates());
        out.sequence("attentions", output.attentions());
    }

    @Override
    public String toString() {
        return name();
    }
}
