package ai.tvlt.examples.quickstart;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The README's quick start in runnable form: one clip (video + audio) to one TVLT vector, the encoder's
 * CLS token {@code last_hidden_state[0, 0]}, with {@link TvltProcessor} and {@link TvltModel} only.
 *
 * <p>Usage: {@code EmbeddingExample CHECKPOINT_DIR VIDEO AUDIO.wav}, where VIDEO is an image file, a
 * folder of frames or a video file. Prints the vector's size, its first values and its L2 norm.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /**
     * @param args checkpoint folder, video, WAV file
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: EmbeddingExample CHECKPOINT_DIR VIDEO AUDIO.wav");
        }
        Path checkpoint = Path.of(args[0]);
        // The preprocessing that fits the checkpoint: its preprocessor_config.json, or derived from config.json.
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpoint);
        // The encoder holds its weights in native memory: close it (try-with-resources).
        try (TvltModel model = TvltModel.fromPretrained(checkpoint)) {
            // Up to num_frames frames, and the audio as mono samples at the feature extractor's rate.
            List<RgbImage> frames = VideoLoader.defaults().load(Path.of(args[1]),
                    processor.imageProcessor().numFrames());
            DecodedAudio wav = Resampler.resample(AudioDecoder.read(Path.of(args[2])),
                    processor.featureExtractor().samplingRate());
            // pixel_values and audio_values, as transformers' TvltProcessor makes them.
            TvltProcessorOutput inputs = processor.process(frames, wav.samples(), wav.samplingRate());
            // For ONE clip pixel_mask and audio_mask are all ones (the processor pads only up to the longest
            // clip of a batch), so they can be left out; pass them when a batch mixes clip lengths.
            FloatTensor hidden = model.forward(TvltModelInput.builder()
                    .pixelValues(inputs.pixels().pixelValues())
                    .audioValues(inputs.audio().audioValues())
                    .build()).lastHiddenState();
            // last_hidden_state is [1, tokens, hidden_size]; token 0 is CLS.
            float[] embedding = Arrays.copyOf(hidden.data(), (int) hidden.dim(2));
            print(embedding);
        }
    }

    private static void print(float[] embedding) {
        double squares = 0;
        for (float v : embedding) {
            squares += (double) v * v;
        }
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(8, embedding.length); i++) {
            first.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", embedding[i]));
        }
        System.out.println("dimension: " + embedding.length);
        System.out.println("first values: " + first);
        System.out.println("norm: " + String.format(Locale.ROOT, "%.6f", Math.sqrt(squares)));
    }
}
