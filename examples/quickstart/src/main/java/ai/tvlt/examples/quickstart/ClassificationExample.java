package ai.tvlt.examples.quickstart;

import ai.tvlt.models.tvlt.Prediction;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.video.VideoLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Audio-visual classification of one clip with a fine-tuned {@code TvltForAudioVisualClassification}
 * checkpoint (for example an emotion classifier): the three most probable labels with their softmax
 * probabilities. Label names come from the checkpoint's {@code id2label}.
 *
 * <p>Usage: {@code ClassificationExample CHECKPOINT_DIR VIDEO AUDIO.wav}. Prints one line per label:
 * {@code <label> <probability>}, most probable first.
 */
public final class ClassificationExample {

    private ClassificationExample() {
    }

    /**
     * @param args classification checkpoint folder, video, WAV file
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ClassificationExample CHECKPOINT_DIR VIDEO AUDIO.wav");
        }
        Path checkpoint = Path.of(args[0]);
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpoint);
        try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.fromPretrained(checkpoint)) {
            // The same preprocessing as for embeddings; one clip, so no masks needed (see EmbeddingExample).
            DecodedAudio wav = Resampler.resample(AudioDecoder.read(Path.of(args[2])),
                    processor.featureExtractor().samplingRate());
            TvltProcessorOutput inputs = processor.process(
                    VideoLoader.defaults().load(Path.of(args[1]), processor.imageProcessor().numFrames()),
                    wav.samples(), wav.samplingRate());
            TvltClassificationOutput output = model.forward(TvltClassificationInput.builder()
                    .pixelValues(inputs.pixels().pixelValues())
                    .audioValues(inputs.audio().audioValues())
                    .build());
            // topK ranks the classes of each clip of the batch (here one) by softmax probability.
            List<Prediction> top = model.topK(output, 3).get(0);
            for (Prediction p : top) {
                System.out.println(p.label() + " " + String.format(Locale.ROOT, "%.6f", p.probability()));
            }
        }
    }
}
