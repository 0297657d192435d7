package ai.tvlt.models.pipeline;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.reconstruction.Patches;
import ai.tvlt.models.tvlt.TvltForPreTrainingOutput;

/**
 * The masked-autoencoder result for one clip, in the model's input scale, ready to be drawn: the
 * original frames and spectrogram (what the model saw), which patches the encoder did not see, and the
 * reconstructions. A reconstruction is either MAE-style ({@link Patches#pasteMasked}: visible patches
 * from the original, dropped ones predicted) or the prediction of every patch. Immutable.
 *
 * @param config the model's config (patch sizes, image size)
 * @param input the preprocessed clip
 * @param output the reconstruct-mode output (pixel/audio logits and label masks present)
 * @param allPredicted whether the reconstructions show the prediction for every patch rather than only
 *     for the dropped ones
 */
public record Reconstruction(TvltConfig config, TvltInputs input, TvltForPreTrainingOutput output,
        boolean allPredicted) {

    /** Checks that the output comes from a reconstruct-mode forward. */
    public Reconstruction {
        InvalidInputException.requireNonNull(config, "config");
        InvalidInputException.requireNonNull(input, "input");
        InvalidInputException.requireNonNull(output, "output");
        if (output.pixelLogits().isEmpty() || output.audioLogits().isEmpty()) {
            throw new IllegalArgumentException("the output has no pixel/audio logits: not a reconstruct-mode forward");
        }
    }

    /** @return pixel_label_masks [1, T*P]: 1 for a patch the encoder did not see */
    public FloatTensor pixelLabelMasks() {
        return output.pixelLabelMasks().orElseThrow();
    }

    /** @return audio_label_masks [1, Pa]: 1 for a patch the encoder did not see */
    public FloatTensor audioLabelMasks() {
        return output.audioLabelMasks().orElseThrow();
    }

    /** @return the reconstructed frames [1, T, C, H, W] in the model's input scale */
    public FloatTensor reconstructedFrames() {
        FloatTensor predicted = output.pixelLogits().orElseThrow();
        if (!allPredicted) {
            int[] p = config.imagePatchSize();
            predicted = Patches.pasteMasked(Patches.patchifyPixels(input.pixelValues(), p[0], p[1]), predicted,
                    pixelLabelMasks());
        }
        return Patches.unpatchifyPixels(predicted, config);
    }

    /** @return the reconstructed spectrogram [1, 1, Tp*p, F] in the model's input scale */
    public FloatTensor reconstructedSpectrogram() {
        FloatTensor predicted = output.audioLogits().orElseThrow();
        if (!allPredicted) {
            int[] p = config.audioPatchSize();
            predicted = Patches.pasteMasked(Patches.patchifyAudio(input.audioValues(), p[0], p[1]), predicted,
                    audioLabelMasks());
        }
        return Patches.unpatchifyAudio(predicted, config);
    }

    /** @return the pixel MAE loss (mean squared error over the dropped patches) */
    public float pixelLoss() {
        return output.pixelMaeLoss().orElseThrow().get(0);
    }

    /** @return the audio MAE loss (mean squared error over the dropped patches) */
    public float audioLoss() {
        return output.audioMaeLoss().orElseThrow().get(0);
    }
}
