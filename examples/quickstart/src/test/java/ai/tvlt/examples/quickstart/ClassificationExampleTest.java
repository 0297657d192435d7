package ai.tvlt.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.video.VideoLoader;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClassificationExample} on a generated clip with the golden tiny classification checkpoint
 * (3 labels): the printed labels and probabilities must be the softmax of the model's logits for the same
 * media (computed here with both attention masks, as transformers' {@code model(**inputs)} does), in double
 * precision and ranked, to the printed precision.
 */
class ClassificationExampleTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-classification");

    @TempDir
    Path samples;

    /** A label and its probability. */
    private record Expected(String label, double probability) {
    }

    @Test
    void printsTheThreeMostProbableLabels() {
        SampleMedia.Clip clip = new SampleMedia(4, 1.0, 64, 48).generateClip(samples, 2);
        List<String> lines = StdoutCapture.run(ClassificationExample::main, CHECKPOINT.toString(),
                clip.framesFolder().toString(), clip.audio().toString());
        List<Expected> expected = softmaxRanking(clip);
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 3; i++) {
            String[] fields = lines.get(i).split(" ");
            assertEquals(expected.get(i).label(), fields[0], lines.get(i));
            assertEquals(expected.get(i).probability(), Double.parseDouble(fields[1]), 5.01e-7, lines.get(i));
        }
    }

    @Test
    void aRegressionCheckpointIsRefusedWithTheReason() {
        SampleMedia.Clip clip = new SampleMedia(4, 1.0, 64, 48).generateClip(samples, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClassificationExample.main(
                new String[] {GoldenFiles.resolve("models/tiny-regression").toString(), clip.framesFolder().toString(),
                    clip.audio().toString()}));
        assertTrue(e.getMessage().contains("regression"), e.getMessage());
    }

    private static List<Expected> softmaxRanking(SampleMedia.Clip clip) {
        TvltProcessor processor = TvltProcessor.fromPretrained(CHECKPOINT);
        DecodedAudio wav = AudioDecoder.read(clip.audio());
        TvltProcessorOutput inputs = processor.process(VideoLoader.defaults().load(clip.framesFolder(), 4),
                wav.samples(), wav.samplingRate());
        long[] pixelMask = inputs.pixels().pixelMask().data();
        float[] mask = new float[pixelMask.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = pixelMask[i];
        }
        try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.fromPretrained(CHECKPOINT)) {
            float[] logits = model.forward(TvltClassificationInput.builder()
                    .pixelValues(inputs.pixels().pixelValues())
                    .pixelMask(FloatTensor.wrap(mask, inputs.pixels().pixelMask().shape()))
                    .audioValues(inputs.audio().audioValues())
                    .audioMask(inputs.audio().audioMask())
                    .build()).logits().data();
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            List<Expected> ranked = new ArrayList<>();
            for (int i = 0; i < logits.length; i++) {
                ranked.add(new Expected(model.config().id2label().get(i), Math.exp(logits[i] - max) / sum));
            }
            ranked.sort(Comparator.comparingDouble(Expected::probability).reversed());
            return ranked;
        }
    }
}
