package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.Checkpoint;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import ai.tvlt.weights.testing.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which task runs when (default mode, reconstruct mode, task_matching / task_mae off), the relaxations
 * of the reference's refusals (no labels, no pixel_values_mixed), reproducible drawn noise, concurrency
 * and close. Expected values come from the golden cases of tiny-pretraining.
 */
class TvltForPreTrainingTasksTest {

    private static final Path DIR = GoldenFiles.resolve("models/tiny-pretraining");
    private static final String MAE_CASE = "models/tiny-pretraining/cases/pretraining_train_loss.safetensors";
    private static final String EVAL_CASE = "models/tiny-pretraining/cases/pretraining_eval_matching.safetensors";
    private static final String[] MAE_KEYS = {"encoder_to_decoder.", "pixel_mask_token", "audio_mask_token", "decoder.",
        "decoder_", "pixel_mae_head.", "audio_mae_head."};

    private static TvltForPreTraining model;

    @BeforeAll
    static void load() {
        model = TvltForPreTraining.fromPretrained(DIR);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static TvltForPreTrainingInput caseInput(String file, UnaryOperator<TvltForPreTrainingInput.Builder> change) {
        try (GoldenCase c = GoldenCase.open(file)) {
            TvltForPreTrainingInput in = TvltForPreTrainingGoldenTest.input(c);
            return change.apply(copy(in)).build();
        }
    }

    private static TvltForPreTrainingInput.Builder copy(TvltForPreTrainingInput in) {
        return TvltForPreTrainingInput.builder()
                .inputs(in.inputs())
                .pixelValuesMixed(in.pixelValuesMixed().orElse(null)).pixelMaskMixed(in.pixelMaskMixed().orElse(null))
                .labels(in.labels().orElse(null)).reconstruct(in.reconstruct())
                .pixelMaskNoise(in.pixelMaskNoise().orElse(null)).audioMaskNoise(in.audioMaskNoise().orElse(null));
    }

    private static void assertClose(GoldenCase c, String key, FloatTensor actual) {
        c.assertClose(key, actual.data(), actual.shape(), Tolerance.MODEL);
    }

    private static float sum(GoldenCase c, String... keys) {
        float s = 0;
        for (String k : keys) {
            s += c.floats(k)[0];
        }
        return s;
    }

    @Test
    void defaultModeWithoutMixedVideoScoresPixelValues() {
        TvltForPreTrainingOutput plain = model.forward(caseInput(EVAL_CASE,
                b -> b.pixelValuesMixed(null).pixelMaskMixed(null)));
        TvltForPreTrainingInput asMixed = caseInput(EVAL_CASE, b -> b);
        TvltForPreTrainingOutput mixed = model.forward(copy(asMixed).pixelValuesMixed(asMixed.inputs().pixelValues())
                .pixelMaskMixed(asMixed.inputs().pixelMask().orElseThrow()).build());
        assertArrayEquals(mixed.matchingLogits().orElseThrow().data(), plain.matchingLogits().orElseThrow().data());
        assertArrayEquals(mixed.loss().orElseThrow().data(), plain.loss().orElseThrow().data());
        assertFalse(plain.pixelLogits().isPresent());
    }

    @Test
    void matchingProbabilitiesGiveTheReferenceBceLoss() {
        try (GoldenCase c = GoldenCase.open(EVAL_CASE)) {
            TvltForPreTrainingOutput out = model.forward(caseInput(EVAL_CASE, b -> b));
            float[] p = out.matchingProbabilities().orElseThrow().data();
            float[] y = c.floats("input.labels");
            double bce = 0;
            for (int i = 0; i < p.length; i++) {
                assertTrue(p[i] > 0 && p[i] < 1);
                bce -= y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
            }
            assertEquals(c.floats("expected.loss")[0], bce / p.length, 1e-4);
        }
    }

    @Test
    void withoutLabelsThereIsNoLoss() {
        TvltForPreTrainingOutput out = model.forward(caseInput(EVAL_CASE, b -> b.labels(null)));
        assertFalse(out.loss().isPresent());
        assertFalse(out.matchingLoss().isPresent());
        try (GoldenCase c = GoldenCase.open(EVAL_CASE)) {
            assertClose(c, "expected.matching_logits", out.matchingLogits().orElseThrow());
        }
    }

    @Test
    void reconstructWithoutMatchingInputsRunsOnlyTheAutoencoder() {
        TvltForPreTrainingOutput out = model.forward(caseInput(MAE_CASE,
                b -> b.pixelValuesMixed(null).pixelMaskMixed(null).labels(null)));
        assertFalse(out.matchingLogits().isPresent());
        try (GoldenCase c = GoldenCase.open(MAE_CASE)) {
            assertClose(c, "expected.pixel_logits", out.pixelLogits().orElseThrow());
            assertClose(c, "expected.audio_logits", out.audioLogits().orElseThrow());
            assertEquals(sum(c, "aux.loss.pixel_mae", "aux.loss.audio_mae"), out.loss().orElseThrow().get(0), 1e-4);
        }
    }

    @Test
    void taskMatchingOffSkipsTheMatchingHead() {
        TvltConfig config = TvltConfig.fromJson(DIR.resolve("config.json")).toBuilder().taskMatching(false).build();
        try (TensorStore store = new FilteredTensorStore(Checkpoint.openTensors(DIR), "matching_head.");
                TvltForPreTraining noMatching = TvltForPreTraining.create(config, store);
                GoldenCase c = GoldenCase.open(MAE_CASE)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> noMatching.forward(caseInput(EVAL_CASE, b -> b)));
            assertTrue(e.getMessage().contains("no matching head"), e.getMessage());
            TvltForPreTrainingOutput out = noMatching.forward(caseInput(MAE_CASE, b -> b));
            assertFalse(out.matchingLogits().isPresent());
            assertFalse(out.matchingLoss().isPresent());
            assertClose(c, "expected.pixel_logits", out.pixelLogits().orElseThrow());
            assertEquals(sum(c, "aux.loss.pixel_mae", "aux.loss.audio_mae"), out.loss().orElseThrow().get(0), 1e-4);
        }
    }

    @Test
    void taskMaeOffRunsMatchingInReconstructMode() {
        TvltConfig config = TvltConfig.fromJson(DIR.resolve("config.json")).toBuilder().taskMae(false).build();
        try (TensorStore store = new FilteredTensorStore(Checkpoint.openTensors(DIR), MAE_KEYS);
                TvltForPreTraining noMae = TvltForPreTraining.create(config, store);
                GoldenCase c = GoldenCase.open(MAE_CASE)) {
            TvltForPreTrainingOutput out = noMae.forward(caseInput(MAE_CASE, b -> b));
            assertClose(c, "expected.matching_logits", out.matchingLogits().orElseThrow());
            assertFalse(out.pixelLogits().isPresent());
            assertFalse(out.pixelLabelMasks().isPresent());
            assertEquals(c.floats("aux.loss.matching")[0], out.loss().orElseThrow().get(0), 1e-4);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> noMae.forward(
                    caseInput(MAE_CASE, b -> b.pixelValuesMixed(null).pixelMaskMixed(null).labels(null))));
            assertTrue(e.getMessage().contains("task_mae"), e.getMessage());
        }
    }

    @Test
    void checkpointsMustFitTheTasks() {
        TvltConfig config = TvltConfig.fromJson(DIR.resolve("config.json"));
        try (TensorStore store = Checkpoint.openTensors(DIR)) {
            WeightLoadingException e = assertThrows(WeightLoadingException.class,
                    () -> TvltForPreTraining.create(config.toBuilder().taskMatching(false).build(), store));
            assertTrue(e.getMessage().contains("unexpected matching_head.fc.bias"), e.getMessage());
            ConfigException none = assertThrows(ConfigException.class, () -> TvltForPreTraining.create(
                    config.toBuilder().taskMatching(false).taskMae(false).build(), store));
            assertTrue(none.getMessage().contains("task_matching or task_mae"), none.getMessage());
        }
        WeightLoadingException e = assertThrows(WeightLoadingException.class,
                () -> TvltForPreTraining.fromPretrained(GoldenFiles.resolve("models/tiny-classification")));
        assertTrue(e.getMessage().contains("missing matching_head.fc.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected classifier.0.weight"), e.getMessage());
    }

    @Test
    void trailingAudioRowsAreNotReconstructionTargets() {
        float[] audio = new float[128 * 64];
        float[] cropped = new float[80 * 64];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) Math.sin(i * 0.37);
        }
        System.arraycopy(audio, 0, cropped, 0, cropped.length);
        FloatTensor pixels = FloatTensor.wrap(new float[4 * 3 * 32 * 32], 1, 4, 3, 32, 32);
        TvltForPreTrainingOutput ragged = model.forward(TvltForPreTrainingInput.builder().pixelValues(pixels)
                .audioValues(FloatTensor.wrap(java.util.Arrays.copyOf(audio, 88 * 64), 1, 1, 88, 64))
                .reconstruct(true).seed(11).build());
        TvltForPreTrainingOutput whole = model.forward(TvltForPreTrainingInput.builder().pixelValues(pixels)
                .audioValues(FloatTensor.wrap(cropped, 1, 1, 80, 64)).reconstruct(true).seed(11).build());
        assertArrayEquals(new long[] {1, 20, 256}, ragged.audioLogits().orElseThrow().shape());
        assertArrayEquals(whole.audioLogits().orElseThrow().data(), ragged.audioLogits().orElseThrow().data());
        assertArrayEquals(whole.audioMaeLoss().orElseThrow().data(), ragged.audioMaeLoss().orElseThrow().data());
        assertTrue(Float.isFinite(ragged.loss().orElseThrow().get(0)));
    }

    @Test
    void drawnNoiseIsReproducibleBySeed() {
        TvltForPreTrainingInput a = caseInput(MAE_CASE, b -> b.pixelMaskNoise(null).audioMaskNoise(null).seed(3));
        TvltForPreTrainingOutput first = model.forward(a);
        TvltForPreTrainingOutput again = model.forward(a);
        assertArrayEquals(first.pixelLogits().orElseThrow().data(), again.pixelLogits().orElseThrow().data());
        assertArrayEquals(first.pixelIdsRestore().orElseThrow().data(), again.pixelIdsRestore().orElseThrow().data());
        TvltForPreTrainingOutput other = model.forward(caseInput(MAE_CASE,
                b -> b.pixelMaskNoise(null).audioMaskNoise(null).seed(4)));
        assertNotEquals(java.util.Arrays.toString(first.pixelIdsRestore().orElseThrow().data()),
                java.util.Arrays.toString(other.pixelIdsRestore().orElseThrow().data()));
    }

    @Test
    void concurrentForwardsMatchSequentialOnesAndCloseEndsUse() throws Exception {
        List<TvltForPreTrainingInput> inputs = List.of(caseInput(MAE_CASE, b -> b), caseInput(EVAL_CASE, b -> b),
                caseInput("models/tiny-pretraining/cases/pretraining_train_nomask_hidden_attn.safetensors", b -> b));
        TvltForPreTraining local = TvltForPreTraining.fromPretrained(DIR);
        List<float[]> sequential = new ArrayList<>();
        for (TvltForPreTrainingInput in : inputs) {
            sequential.add(local.forward(in).loss().orElseThrow().data());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < 4; r++) {
                        int i = (r + offset) % inputs.size();
                        assertArrayEquals(sequential.get(i), local.forward(inputs.get(i)).loss().orElseThrow().data());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        local.close();
        local.close();
        assertThrows(ClosedException.class, () -> local.forward(inputs.get(0)));
    }
}
