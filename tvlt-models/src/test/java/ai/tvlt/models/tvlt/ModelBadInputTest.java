package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through every public entry point of tvlt-models: loading ({@code fromPretrained} of missing,
 * weightless and mismatched checkpoints) and {@link TvltModel#forward} with null, wrong rank, wrong shape,
 * mismatched batch sizes between pixel and audio inputs, too many or too few frames and spectrogram rows,
 * NaN/Inf values, masks of the wrong length or with values other than 0/1, bad masking noise, and a closed
 * model; and the heads' own arguments: labels of the wrong type (float for a classifier, int64 for a
 * regressor), shape or range, mixed videos and masks that do not fit, top-k of a regressor. Each row names the
 * call, the exception type and the fragments its message must contain: the argument and what was expected.
 * Models: the golden {@code tiny-pretraining} (bare and pre-training head), {@code tiny-classification} (3
 * classes) and {@code tiny-regression}; 32x32 frames of 4 patches, at most 4 frames, spectrograms of 16..128
 * rows x 64 bins, 4 frequency patches.
 */
class ModelBadInputTest {

    @TempDir
    static Path tmp;

    private static TvltModel model;
    private static TvltForAudioVisualClassification classifier;
    private static TvltForAudioVisualClassification regressor;
    private static TvltForPreTraining pretraining;

    record Row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
    }

    @BeforeAll
    static void load() {
        model = TvltModel.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
        classifier = TvltForAudioVisualClassification.fromPretrained(GoldenFiles.resolve("models/tiny-classification"));
        regressor = TvltForAudioVisualClassification.fromPretrained(GoldenFiles.resolve("models/tiny-regression"));
        pretraining = TvltForPreTraining.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
    }

    @AfterAll
    static void close() {
        model.close();
        classifier.close();
        regressor.close();
        pretraining.close();
    }

    private static TvltClassificationInput.Builder validClassification() {
        return TvltClassificationInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64));
    }

    private static TvltForPreTrainingInput.Builder validPretraining() {
        return TvltForPreTrainingInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64));
    }

    private static Row classify(String name, TvltForAudioVisualClassification head,
            UnaryOperator<TvltClassificationInput.Builder> change, String... fragments) {
        return new Row(name, () -> head.forward(change.apply(validClassification()).build()),
                InvalidInputException.class, fragments);
    }

    private static Row pretrain(String name, UnaryOperator<TvltForPreTrainingInput.Builder> change,
            String... fragments) {
        return new Row(name, () -> pretraining.forward(change.apply(validPretraining()).build()),
                InvalidInputException.class, fragments);
    }

    private static TvltModelInput.Builder valid() {
        return TvltModelInput.builder()
                .pixelValues(FloatTensor.zeros(1, 4, 3, 32, 32))
                .audioValues(FloatTensor.zeros(1, 1, 128, 64));
    }

    /** A forward of the valid input changed by {@code change}. */
    private static Row forward(String name, UnaryOperator<TvltModelInput.Builder> change,
            Class<? extends Throwable> type, String... fragments) {
        return new Row(name, () -> model.forward(change.apply(valid()).build()), type, fragments);
    }

    private static FloatTensor filled(float v, long... shape) {
        float[] a = new float[(int) Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        Arrays.fill(a, v);
        return FloatTensor.wrap(a, shape);
    }

    private static FloatTensor ones(long... shape) {
        return filled(1f, shape);
    }

    private static FloatTensor withValue(FloatTensor t, int at, float v) {
        float[] a = t.data();
        a[at] = v;
        return FloatTensor.wrap(a, t.shape());
    }

    /** A checkpoint folder: tiny-pretraining's weights with a config whose sizes do not fit them. */
    private static Path mismatchedCheckpoint() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mismatched"));
        Path tiny = GoldenFiles.resolve("models/tiny-pretraining");
        Files.copy(tiny.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("config.json"), Files.readString(tiny.resolve("config.json"))
                .replace("\"intermediate_size\": 64", "\"intermediate_size\": 48"));
        return dir;
    }

    static List<Row> rows() throws IOException {
        Path weightless = Files.createDirectories(tmp.resolve("weightless"));
        Files.copy(GoldenFiles.resolve("models/tiny-pretraining/config.json"), weightless.resolve("config.json"));
        Path mismatched = mismatchedCheckpoint();
        TvltModel closed = TvltModel.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
        closed.close();
        TvltForAudioVisualClassification closedHead = TvltForAudioVisualClassification.fromPretrained(
                GoldenFiles.resolve("models/tiny-classification"));
        closedHead.close();
        List<Row> rows = new ArrayList<>(List.of(
                new Row("fromPretrained(null)", () -> TvltModel.fromPretrained((Path) null), InvalidInputException.class,
                        "checkpoint folder", "null"),
                new Row("fromPretrained((String) null)", () -> TvltModel.fromPretrained((String) null),
                        InvalidInputException.class, "checkpoint folder or a repository id owner/name"),
                new Row("fromPretrained(bad revision)", () -> TvltModel.fromPretrained("owner/name@bad rev"),
                        InvalidInputException.class, "bad rev"),
                new Row("fromPretrained(missing)", () -> TvltModel.fromPretrained(tmp.resolve("nope")),
                        InvalidInputException.class, "nope", "does not exist"),
                new Row("fromPretrained(no weights)", () -> TvltModel.fromPretrained(weightless),
                        CorruptFileException.class, weightless.toString(), "model.safetensors"),
                new Row("fromPretrained(sizes do not fit)", () -> TvltModel.fromPretrained(mismatched),
                        WeightLoadingException.class, "encoder.layer.0.intermediate.dense.weight", "[48, 32]",
                        "[64, 32]"),
                new Row("forward on a closed model", () -> closed.forward(valid().build()), ClosedException.class,
                        "TvltModel", "closed"),
                new Row("forward(null)", () -> model.forward(null), InvalidInputException.class, "input", "null")));
        rows.addAll(List.of(
                forward("pixel_values missing", b -> b.pixelValues(null), InvalidInputException.class,
                        "pixel_values", "required"),
                forward("audio_values missing", b -> b.audioValues(null), InvalidInputException.class,
                        "audio_values", "required"),
                forward("pixel_values rank 4", b -> b.pixelValues(FloatTensor.zeros(4, 3, 32, 32)),
                        InvalidInputException.class, "pixel_values", "rank 5", "[4, 3, 32, 32]"),
                forward("audio_values rank 3", b -> b.audioValues(FloatTensor.zeros(1, 128, 64)),
                        InvalidInputException.class, "audio_values", "rank 4", "[1, 128, 64]"),
                forward("empty batch", b -> b.pixelValues(FloatTensor.zeros(0, 4, 3, 32, 32))
                        .audioValues(FloatTensor.zeros(0, 1, 128, 64)), InvalidInputException.class,
                        "pixel_values", "empty batch"),
                forward("batch sizes differ", b -> b.audioValues(FloatTensor.zeros(2, 1, 128, 64)),
                        InvalidInputException.class, "audio_values batch size 2", "pixel_values batch size 1"),
                forward("too many frames", b -> b.pixelValues(FloatTensor.zeros(1, 5, 3, 32, 32)),
                        InvalidInputException.class, "pixel_values", "1..4 frames", "num_frames", "got 5"),
                forward("zero frames", b -> b.pixelValues(FloatTensor.zeros(1, 0, 3, 32, 32)),
                        InvalidInputException.class, "pixel_values", "1..4 frames", "got 0"),
                forward("grey frames", b -> b.pixelValues(FloatTensor.zeros(1, 4, 1, 32, 32)),
                        InvalidInputException.class, "pixel_values", "3 channels", "got 1"),
                forward("frame size", b -> b.pixelValues(FloatTensor.zeros(1, 4, 3, 48, 32)),
                        InvalidInputException.class, "pixel_values", "32x32", "image_size", "48x32"),
                forward("stereo audio", b -> b.audioValues(FloatTensor.zeros(1, 2, 128, 64)),
                        InvalidInputException.class, "audio_values", "1 channels", "got 2"),
                forward("frequency bins", b -> b.audioValues(FloatTensor.zeros(1, 1, 128, 128)),
                        InvalidInputException.class, "audio_values", "64 frequency bins", "frequency_length", "128"),
                forward("too many time rows", b -> b.audioValues(FloatTensor.zeros(1, 1, 144, 64)),
                        InvalidInputException.class, "audio_values", "16..128 time rows", "got 144"),
                forward("too few time rows", b -> b.audioValues(FloatTensor.zeros(1, 1, 8, 64)),
                        InvalidInputException.class, "audio_values", "16..128 time rows", "got 8"),
                forward("NaN pixel", b -> b.pixelValues(withValue(FloatTensor.zeros(1, 4, 3, 32, 32), 77, Float.NaN)),
                        InvalidInputException.class, "pixel_values", "finite", "NaN", "index 77"),
                forward("Inf audio", b -> b.audioValues(withValue(FloatTensor.zeros(1, 1, 128, 64), 5,
                        Float.NEGATIVE_INFINITY)), InvalidInputException.class, "audio_values", "finite", "Infinity"),
                forward("pixel_mask wrong length", b -> b.pixelMask(ones(1, 12)), InvalidInputException.class,
                        "pixel_mask", "[1, 16]", "[1, 12]"),
                forward("pixel_mask wrong rank", b -> b.pixelMask(ones(16)), InvalidInputException.class,
                        "pixel_mask", "[1, 16]", "[16]"),
                forward("pixel_mask batch 2", b -> b.pixelMask(ones(2, 16)), InvalidInputException.class,
                        "pixel_mask", "[1, 16]", "[2, 16]"),
                forward("audio_mask wrong length", b -> b.audioMask(ones(1, 31)), InvalidInputException.class,
                        "audio_mask", "[1, 32]", "[1, 31]"),
                forward("audio_mask 0.5", b -> b.audioMask(filled(0.5f, 1, 32)), InvalidInputException.class,
                        "audio_mask", "only 0 and 1", "0.5"),
                forward("pixel_mask 2", b -> b.pixelMask(withValue(ones(1, 16), 3, 2f)), InvalidInputException.class,
                        "pixel_mask", "only 0 and 1", "2.0", "index 3"),
                forward("pixel_mask NaN", b -> b.pixelMask(withValue(ones(1, 16), 0, Float.NaN)),
                        InvalidInputException.class, "pixel_mask", "only 0 and 1", "NaN"),
                forward("pixel noise shape", b -> b.maskPixel(true).pixelMaskNoise(FloatTensor.zeros(1, 15)),
                        InvalidInputException.class, "pixel_mask_noise", "[1, 16]", "[1, 15]"),
                forward("audio noise NaN", b -> b.maskAudio(true).audioMaskNoise(filled(Float.NaN, 1, 32)),
                        InvalidInputException.class, "audio_mask_noise", "finite", "NaN")));
        rows.addAll(List.of(
                new Row("classification forward(null)", () -> classifier.forward(null), InvalidInputException.class,
                        "input", "null"),
                new Row("classification on a closed head", () -> closedHead.forward(validClassification().build()),
                        ClosedException.class, "closed"),
                classify("classification: float labels", classifier, b -> b.labels(FloatTensor.zeros(1, 3)),
                        "labels", "int64 class ids", "[1]", "classification", "float labels"),
                classify("classification: class id out of range", classifier, b -> b.labels(
                        new LongTensor(new long[] {3}, 1)), "labels", "[0, 3)", "got 3"),
                classify("classification: negative class id", classifier, b -> b.labels(
                        new LongTensor(new long[] {-1}, 1)), "labels", "[0, 3)", "got -1"),
                classify("classification: labels of another batch", classifier, b -> b.labels(
                        new LongTensor(new long[] {0, 1}, 2)), "labels", "shape [1]", "[2]"),
                classify("classification: batch sizes differ", classifier, b -> b.audioValues(
                        FloatTensor.zeros(3, 1, 128, 64)), "audio_values batch size 3", "pixel_values batch size 1"),
                classify("classification: mask of the wrong length", classifier, b -> b.audioMask(ones(1, 33)),
                        "audio_mask", "[1, 32]", "[1, 33]"),
                new Row("classification topK(0)", () -> classifier.topK(classifier.forward(
                        validClassification().build()), 0), InvalidInputException.class, "k", "at least 1", "got 0"),
                classify("regression: int64 labels", regressor, b -> b.labels(new LongTensor(new long[] {1}, 1)),
                        "labels", "float targets", "[1, 1]", "regression", "int64 labels"),
                classify("regression: labels of rank 1", regressor, b -> b.labels(FloatTensor.zeros(1)),
                        "labels", "[1, 1]", "got [1]"),
                classify("regression: NaN target", regressor, b -> b.labels(filled(Float.NaN, 1, 1)),
                        "labels", "finite", "NaN"),
                new Row("regression topK", () -> regressor.topK(regressor.forward(validClassification().build()), 1),
                        InvalidInputException.class, "classification", "regression"),
                new Row("pretraining forward(null)", () -> pretraining.forward(null), InvalidInputException.class,
                        "input", "null"),
                pretrain("pretraining: labels above 1", b -> b.labels(filled(1.5f, 1, 1)), "labels", "[0, 1]", "1.5"),
                pretrain("pretraining: labels NaN", b -> b.labels(filled(Float.NaN, 1, 1)), "labels", "[0, 1]",
                        "NaN"),
                pretrain("pretraining: labels of another batch", b -> b.labels(filled(1f, 2, 1)), "labels",
                        "[1, 1]", "[2, 1]"),
                pretrain("pretraining: mixed video of another size", b -> b.pixelValuesMixed(
                        FloatTensor.zeros(1, 4, 3, 16, 16)), "pixel_values_mixed", "32x32", "16x16"),
                pretrain("pretraining: mixed video of another batch", b -> b.pixelValuesMixed(
                        FloatTensor.zeros(2, 4, 3, 32, 32)), "batch size", "2", "1"),
                pretrain("pretraining: mixed mask without mixed video", b -> b.pixelMaskMixed(ones(1, 16)),
                        "pixel_mask_mixed", "without pixel_values_mixed"),
                pretrain("pretraining: mixed mask of the wrong length", b -> b.pixelValuesMixed(
                        FloatTensor.zeros(1, 4, 3, 32, 32)).pixelMaskMixed(ones(1, 15)), "pixel_mask_mixed",
                        "[1, 16]", "[1, 15]"),
                pretrain("pretraining: reconstruct with noise of the wrong shape", b -> b.reconstruct(true)
                        .pixelMaskNoise(FloatTensor.zeros(1, 17)), "pixel_mask_noise", "[1, 16]", "[1, 17]")));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRejectedWithAMessageNamingTheArgument() throws IOException {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Throwable e = assertThrows(r.type(), r.call(), r.name());
            String message = String.valueOf(e.getMessage());
            for (String fragment : r.fragments()) {
                assertTrue(message.contains(fragment), () -> r.name() + ": '" + fragment + "' not in: " + message);
            }
        }));
    }
}
