package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments to the heads and the decoder are rejected with a message naming them; label handling
 * (ignore_index, top-k) behaves as documented.
 */
class TvltHeadsInputValidationTest {

    // tiny checkpoints: image 32, 4 frames of 4 patches, spectrogram <= 128 x 64, 4 frequency patches, H = 32
    private static TvltForPreTraining pretraining;
    private static TvltForAudioVisualClassification classification;
    private static TvltForAudioVisualClassification regression;
    private static TvltDecoder decoder;

    @BeforeAll
    static void load() {
        pretraining = TvltForPreTraining.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
        classification = TvltForAudioVisualClassification.fromPretrained(GoldenFiles.resolve("models/tiny-classification"));
        regression = TvltForAudioVisualClassification.fromPretrained(GoldenFiles.resolve("models/tiny-regression"));
        decoder = TvltDecoder.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
    }

    @AfterAll
    static void close() {
        pretraining.close();
        classification.close();
        regression.close();
        decoder.close();
    }

    private static void rejects(String fragment, Supplier<?> call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call::get);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static TvltForPreTrainingInput.Builder pretrainingInput() {
        return TvltForPreTrainingInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64))
                .pixelValuesMixed(FloatTensor.zeros(1, 4, 3, 32, 32))
                .labels(FloatTensor.wrap(new float[] {1}, 1, 1));
    }

    private static void rejectsPretraining(String fragment, Consumer<TvltForPreTrainingInput.Builder> change) {
        TvltForPreTrainingInput.Builder b = pretrainingInput();
        change.accept(b);
        rejects(fragment, () -> pretraining.forward(b.build()));
    }

    @Test
    void pretrainingRejectsBadArguments() {
        pretraining.forward(pretrainingInput().build());
        pretraining.forward(pretrainingInput().reconstruct(true).build());
        rejectsPretraining("pixel_values is required", b -> b.pixelValues(null));
        rejectsPretraining("audio_values is required", b -> b.audioValues(null));
        rejectsPretraining("pixel_mask_mixed is given without pixel_values_mixed",
                b -> b.pixelValuesMixed(null).pixelMaskMixed(FloatTensor.zeros(1, 16)));
        rejectsPretraining("labels must have shape [1, 1]", b -> b.labels(FloatTensor.zeros(2, 1)));
        rejectsPretraining("labels must have shape [1, 1]", b -> b.labels(FloatTensor.zeros(1, 2)));
        rejectsPretraining("labels must be matching probabilities in [0, 1], got 2.0",
                b -> b.labels(FloatTensor.wrap(new float[] {2}, 1, 1)));
        rejectsPretraining("labels must be matching probabilities", b -> b.labels(FloatTensor.wrap(new float[] {
            Float.NaN}, 1)));
        rejectsPretraining("audio_values batch size 1 differs from pixel_values_mixed batch size 2",
                b -> b.pixelValuesMixed(FloatTensor.zeros(2, 4, 3, 32, 32)));
        rejectsPretraining("pixel_values_mixed must have 1..4 frames",
                b -> b.pixelValuesMixed(FloatTensor.zeros(1, 5, 3, 32, 32)));
        rejectsPretraining("pixel_values_mixed frames must be 32x32",
                b -> b.pixelValuesMixed(FloatTensor.zeros(1, 4, 3, 16, 32)));
        rejectsPretraining("pixel_mask_mixed must have shape [1, 8]",
                b -> b.pixelValuesMixed(FloatTensor.zeros(1, 2, 3, 32, 32)).pixelMaskMixed(FloatTensor.zeros(1, 16)));
        rejectsPretraining("pixel_values_mixed must be finite", b -> b.pixelValuesMixed(FloatTensor.wrap(
                nanAt(4 * 3 * 32 * 32, 7), 1, 4, 3, 32, 32)));
        rejectsPretraining("pixel_mask must have shape [1, 16]", b -> b.pixelMask(FloatTensor.zeros(1, 12)));
        rejectsPretraining("audio_mask must hold only 0 and 1",
                b -> b.audioMask(FloatTensor.wrap(filled(32, 0.5f), 1, 32)));
        rejectsPretraining("pixel_mask_noise must have shape [1, 16]",
                b -> b.reconstruct(true).pixelMaskNoise(FloatTensor.zeros(1, 15)));
        rejectsPretraining("audio_mask_noise must be finite",
                b -> b.reconstruct(true).audioMaskNoise(FloatTensor.wrap(nanAt(32, 3), 1, 32)));
        // noise is an argument of the masked pass only: ignored in the default mode
        pretraining.forward(pretrainingInput().pixelMaskNoise(FloatTensor.zeros(1, 15)).build());
    }

    private static TvltClassificationInput.Builder classificationInput() {
        return TvltClassificationInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64));
    }

    @Test
    void classificationRejectsLabelsOfTheWrongTypeOrShape() {
        rejects("labels must be int64 class ids of shape [1] for loss_type \"classification\"",
                () -> classification.forward(classificationInput().labels(FloatTensor.zeros(1, 3)).build()));
        rejects("labels must have shape [1] (one class id per sample)",
                () -> classification.forward(classificationInput().labels(new LongTensor(new long[] {0, 1}, 2)).build()));
        rejects("labels must have shape [1] (one class id per sample)",
                () -> classification.forward(classificationInput().labels(new LongTensor(new long[] {0}, 1, 1)).build()));
        rejects("class ids in [0, 3)",
                () -> classification.forward(classificationInput().labels(new LongTensor(new long[] {3}, 1)).build()));
        rejects("class ids in [0, 3)",
                () -> classification.forward(classificationInput().labels(new LongTensor(new long[] {-1}, 1)).build()));
        rejects("labels must be float targets of shape [1, 1] for loss_type \"regression\"",
                () -> regression.forward(classificationInput().labels(new LongTensor(new long[] {0}, 1)).build()));
        rejects("labels must have shape [1, 1] (like the logits)",
                () -> regression.forward(classificationInput().labels(FloatTensor.zeros(1)).build()));
        rejects("labels must be finite", () -> regression.forward(classificationInput()
                .labels(FloatTensor.wrap(new float[] {Float.POSITIVE_INFINITY}, 1, 1)).build()));
        rejects("pixel_values must have rank 5",
                () -> classification.forward(classificationInput().pixelValues(FloatTensor.zeros(4, 3, 32, 32)).build()));
        rejects("audio_values is required", () -> classificationInput().audioValues(null).build());
    }

    @Test
    void ignoredClassLabelsDoNotCount() {
        try (GoldenCase c = GoldenCase.open("models/tiny-classification/cases/classification_labels_batch2.safetensors")) {
            long[] labels = c.longs("input.labels");
            float both = classify(c, labels[0], labels[1]);
            float first = classify(c, labels[0], TvltClassificationLoss.IGNORE_INDEX);
            float second = classify(c, TvltClassificationLoss.IGNORE_INDEX, labels[1]);
            assertEquals(c.floats("expected.loss")[0], both, 1e-4);
            assertEquals(2 * both, first + second, 1e-5);
            assertTrue(Float.isNaN(classify(c, TvltClassificationLoss.IGNORE_INDEX, TvltClassificationLoss.IGNORE_INDEX)));
        }
    }

    private static float classify(GoldenCase c, long l0, long l1) {
        TvltClassificationInput in = TvltForAudioVisualClassificationGoldenTest.input(c);
        TvltClassificationInput relabelled = TvltClassificationInput.builder()
                .inputs(in.inputs())
                .labels(new LongTensor(new long[] {l0, l1}, 2)).build();
        return classification.forward(relabelled).loss().orElseThrow().get(0);
    }

    @Test
    void topKRanksClassesWithTheirNames() {
        try (GoldenCase c = GoldenCase.open("models/tiny-classification/cases/classification_labels_batch2.safetensors")) {
            TvltClassificationOutput out = classification.forward(TvltForAudioVisualClassificationGoldenTest.input(c));
            FloatTensor p = out.probabilities();
            float[] logits = out.logits().data();
            List<List<Prediction>> top = classification.topK(out, 2);
            assertEquals(2, top.size());
            for (int b = 0; b < 2; b++) {
                assertEquals(1.0, p.get(b * 3) + p.get(b * 3 + 1) + p.get(b * 3 + 2), 1e-6);
                List<Prediction> row = top.get(b);
                assertEquals(2, row.size());
                int best = argmax(logits, b * 3, 3);
                assertEquals(best, row.get(0).index());
                assertEquals(classification.labels().get(best), row.get(0).label());
                assertEquals(p.get(b * 3 + best), row.get(0).probability());
                assertTrue(row.get(0).probability() >= row.get(1).probability());
            }
            assertEquals(3, classification.topK(out, 10).get(0).size());
            assertEquals(classification.config().id2label().get(0), classification.labels().get(0));
            rejects("k must be at least 1", () -> classification.topK(out, 0));
            TvltClassificationOutput regressed = regression.forward(classificationInput().build());
            rejects("regressor", () -> regression.topK(regressed, 1));
        }
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void classificationCheckpointMustFitTheConfig() {
        TvltConfig config = TvltConfig.fromJson(GoldenFiles.resolve("models/tiny-classification/config.json"));
        try (TensorStore store = Checkpoint.openTensors(GoldenFiles.resolve("models/tiny-classification"))) {
            WeightLoadingException e = assertThrows(WeightLoadingException.class,
                    () -> TvltForAudioVisualClassification.create(config.toBuilder().numLabels(5).build(), store));
            assertTrue(e.getMessage().contains("shape mismatch classifier.3.weight: checkpoint [3, 64], model [5, 64]"),
                    e.getMessage());
        }
        WeightLoadingException e = assertThrows(WeightLoadingException.class, () ->
                TvltForAudioVisualClassification.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining")));
        assertTrue(e.getMessage().contains("missing classifier.0.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected matching_head.fc.weight"), e.getMessage());
    }

    @Test
    void decoderRejectsBadHiddenStates() {
        rejects("hidden_states must have rank 3", () -> decoder.forward(FloatTensor.zeros(20, 32), false, false));
        rejects("hidden_states must have shape [batch >= 1, sequence >= 1, 32] (config decoder_hidden_size)",
                () -> decoder.forward(FloatTensor.zeros(1, 20, 48), false, false));
        rejects("hidden_states must have shape", () -> decoder.forward(FloatTensor.zeros(1, 0, 32), false, false));
        rejects("hidden_states must be finite", () -> decoder.forward(FloatTensor.wrap(nanAt(64, 5), 1, 2, 32), false,
                false));
        rejects("hidden_states is required", () -> decoder.forward(null, false, false));
        WeightLoadingException e = assertThrows(WeightLoadingException.class,
                () -> TvltDecoder.fromPretrained(GoldenFiles.resolve("models/tiny-classification")));
        assertTrue(e.getMessage().contains("missing decoder.layernorm.weight"), e.getMessage());
        assertArrayEquals(new long[] {1, 2, 32}, decoder.forward(FloatTensor.zeros(1, 2, 32), false, false)
                .logits().shape());
    }

    private static float[] nanAt(int n, int index) {
        float[] v = new float[n];
        v[index] = Float.NaN;
        return v;
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
