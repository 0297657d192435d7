package ai.tvlt.processing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.audio.TvltFeatureExtractor;
import ai.tvlt.processing.image.FloatImage;
import ai.tvlt.processing.image.ImageDecoder;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.image.TvltImageProcessor;
import ai.tvlt.processing.image.VideoFrame;
import ai.tvlt.processing.video.VideoDecoder;
import ai.tvlt.processing.video.VideoLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through every public entry point of tvlt-processing (feature extractor, image processor,
 * processor and its request, images, decoders, resampler, video loader): null, empty, NaN/Inf samples and
 * pixels, wrong rank and channel count, too many frames, the wrong sampling rate, missing and non-media files,
 * out-of-range settings. Each row names the call, the exception type and the fragments its message must
 * contain: the argument and what was expected (the reference's own wording where it has one). A null argument
 * is an {@link InvalidInputException} naming the argument ({@code InvalidInputException.requireNonNull}).
 */
class ProcessingBadInputTest {

    @TempDir
    static Path tmp;

    record Row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
    }

    private static Row row(String name, Executable call, Class<? extends Throwable> type, String... fragments) {
        return new Row(name, call, type, fragments);
    }

    private static float[] clip(int n) {
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = (float) Math.sin(i * 0.01);
        }
        return c;
    }

    private static float[] with(float[] c, int at, float v) {
        float[] out = c.clone();
        out[at] = v;
        return out;
    }

    private static List<VideoFrame> frames(int n) {
        List<VideoFrame> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.add(RgbImage.black(4, 6));
        }
        return f;
    }

    static List<Row> rows() throws IOException {
        TvltFeatureExtractor fe = TvltFeatureExtractor.defaults();
        TvltImageProcessor ip = TvltImageProcessor.defaults();
        TvltProcessor p = TvltProcessor.defaults();
        Path missing = tmp.resolve("absent.wav");
        Path text = Files.writeString(tmp.resolve("notes.png"), "not an image", StandardCharsets.UTF_8);
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        List<float[]> withNullClip = new ArrayList<>();
        withNullClip.add(null);
        List<List<VideoFrame>> withNullFrame = new ArrayList<>();
        withNullFrame.add(new ArrayList<>(Collections.singletonList(null)));
        return List.of(
                row("extract(null clip)", () -> fe.extract((float[]) null, 44100), InvalidInputException.class,
                        "audio clip 0", "null"),
                row("extract(NaN sample)", () -> fe.extract(with(clip(5000), 17, Float.NaN), 44100),
                        InvalidInputException.class, "audio clip 0", "sample 17", "NaN"),
                row("extract(Inf sample)", () -> fe.extract(with(clip(5000), 3, Float.NEGATIVE_INFINITY), 44100),
                        InvalidInputException.class, "sample 3", "Infinity"),
                row("extract(double beyond float32)", () -> fe.extract(new double[] {0, 1e40}, 44100),
                        InvalidInputException.class, "sample 1", "float32"),
                row("extract(wrong sampling rate)", () -> fe.extract(clip(5000), 16000), InvalidInputException.class,
                        "sampling rate of 44100", "not 16000"),
                row("extractBatch(null)", () -> fe.extractBatch(null, 44100), InvalidInputException.class,
                        "audio clips", "null"),
                row("extractBatch(empty)", () -> fe.extractBatch(List.of(), 44100), InvalidInputException.class,
                        "audio clips", "empty"),
                row("extractBatch(null clip)", () -> fe.extractBatch(withNullClip, 44100),
                        InvalidInputException.class, "audio clip 0", "null"),
                row("extract(null DecodedAudio)", () -> fe.extract((ai.tvlt.processing.audio.DecodedAudio) null),
                        InvalidInputException.class, "audio"),
                row("TvltFeatureExtractor(huge mel bank)", () -> new TvltFeatureExtractor(TvltFeatureExtractorConfig
                        .builder().nFft(1 << 20).featureSize(4096).build()), ConfigException.class, "n_fft",
                        "feature_size", "limit"),

                row("preprocess(null videos)", () -> ip.preprocess((List<List<VideoFrame>>) null),
                        InvalidInputException.class, "no video"),
                row("preprocess(empty batch)", () -> ip.preprocess(List.<List<VideoFrame>>of()),
                        InvalidInputException.class, "no video"),
                row("preprocess(video without frames)", () -> ip.preprocess(List.of(List.<VideoFrame>of())),
                        InvalidInputException.class, "video 0", "no frames"),
                row("preprocess(too many frames)", () -> ip.preprocess(List.of(frames(2), frames(9))),
                        InvalidInputException.class, "video 1", "9 frames", "maximum frames of the model 8"),
                row("preprocess(null frame)", () -> ip.preprocess(withNullFrame), InvalidInputException.class,
                        "video 0, frame 0", "null"),
                row("preprocess(pixel_values too large)", () -> TvltImageProcessor.fromConfig(ip.config().toBuilder()
                        .cropSize(SizeDict.ofHeightWidth(30000, 30000)).build())
                        .preprocess(RgbImage.black(2, 2)), InvalidInputException.class, "pixel_values", "values"),
                row("TvltImageProcessor(size without shortest_edge)", () -> TvltImageProcessor.fromConfig(
                        TvltImageProcessorConfig.builder().size(SizeDict.ofHeightWidth(3, 3)).build()),
                        ConfigException.class, "shortest_edge"),
                row("TvltImageProcessor(std giving Inf)", () -> TvltImageProcessor.fromConfig(
                        TvltImageProcessorConfig.builder().imageStd(1e-40, 0.5, 0.5).build()), ConfigException.class,
                        "image_std[0]", "float32"),
                row("RgbImage.of(wrong length)", () -> RgbImage.of(new byte[5], 2, 2), InvalidInputException.class,
                        "2x2", "12", "5"),
                row("RgbImage.of(null)", () -> RgbImage.of(null, 2, 2), InvalidInputException.class, "2x2", "null"),
                row("RgbImage.of(zero size)", () -> RgbImage.of(new byte[0], 0, 3), InvalidInputException.class,
                        "height", "0"),
                row("RgbImage.fromArray(RGBA)", () -> RgbImage.fromArray(new byte[2 * 2 * 4], 2, 2, 4),
                        InvalidInputException.class, "[2, 2, 4]", "channels"),
                row("RgbImage.fromArray(2-D grey)", () -> RgbImage.fromArray(new byte[4], 2, 2),
                        InvalidInputException.class, "[2, 2]", "3-D"),
                row("FloatImage.of(NaN)", () -> FloatImage.of(with(new float[12], 5, Float.NaN), 2, 2),
                        InvalidInputException.class, "NaN"),
                row("FloatImage.of(value above 1)", () -> FloatImage.of(with(new float[12], 0, 2f), 2, 2),
                        InvalidInputException.class, "[0, 1]"),

                row("process(null request)", () -> p.process((TvltProcessorRequest) null), InvalidInputException.class,
                        "request"),
                row("process(empty request)", () -> p.process(TvltProcessorRequest.builder().build()),
                        InvalidInputException.class, "videos", "audio", "empty"),
                row("request.videos(null)", () -> TvltProcessorRequest.builder().videos(null),
                        InvalidInputException.class, "videos", "null"),
                row("request.audio(null)", () -> TvltProcessorRequest.builder().audio(null, 44100),
                        InvalidInputException.class, "audio", "null"),
                row("request.audio(null clip)", () -> TvltProcessorRequest.builder().audio(withNullClip, 44100),
                        InvalidInputException.class, "audio[0]", "null"),
                row("process(wrong sampling rate)", () -> p.process(frames(1), clip(5000), 48000),
                        InvalidInputException.class, "44100", "not 48000"),
                row("process(too many frames)", () -> p.process(frames(9), clip(5000), 44100),
                        InvalidInputException.class, "9 frames", "8"),

                row("AudioDecoder.read(null)", () -> AudioDecoder.read(null), InvalidInputException.class, "file"),
                row("AudioDecoder.read(missing)", () -> AudioDecoder.read(missing), InvalidInputException.class,
                        missing.toString(), "does not exist"),
                row("AudioDecoder.read(folder)", () -> AudioDecoder.read(tmp), InvalidInputException.class,
                        "not a regular file"),
                row("AudioDecoder.decode(empty)", () -> AudioDecoder.decode(new byte[0]), CorruptFileException.class,
                        "empty file", "WAV"),
                row("AudioDecoder.decode(MP3)", () -> AudioDecoder.decode("ID3\u0004\0\0\0\0\0\0\0\0\0".getBytes(
                        StandardCharsets.ISO_8859_1)), CorruptFileException.class, "MP3", "not an MP3 file"),
                row("Resampler.of(0 Hz)", () -> Resampler.of(0, 44100), InvalidInputException.class,
                        "sampling rates must be positive", "0 -> 44100"),
                row("Resampler.resample(NaN)", () -> Resampler.of(48000, 44100).resample(new float[] {Float.NaN}),
                        InvalidInputException.class, "sample 0", "NaN"),

                row("ImageDecoder.withMaxPixels(0)", () -> ImageDecoder.withMaxPixels(0), InvalidInputException.class,
                        "maxPixels", "got 0"),
                row("ImageDecoder.decode(missing)", () -> ImageDecoder.defaults().decode(missing),
                        InvalidInputException.class, missing.toString(), "does not exist"),
                row("ImageDecoder.decode(not an image)", () -> ImageDecoder.defaults().decode(text),
                        InvalidInputException.class, text.toString(), "not in a supported format"),
                row("ImageDecoder.decodeFolder(no images)", () -> ImageDecoder.defaults().decodeFolder(emptyDir),
                        InvalidInputException.class, emptyDir.toString(), "no image file"),
                row("VideoLoader.load(missing)", () -> VideoLoader.defaults().load(missing, 8),
                        InvalidInputException.class, missing.toString(), "does not exist"),
                row("VideoLoader.load(numFrames 0)", () -> VideoLoader.defaults().load(emptyDir, 0),
                        InvalidInputException.class, "numFrames", "at least 1"),
                row("VideoDecoder.probe(not a video)", () -> VideoDecoder.defaults().probe(text),
                        ai.tvlt.core.error.TvltException.class, text.toString()));
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
