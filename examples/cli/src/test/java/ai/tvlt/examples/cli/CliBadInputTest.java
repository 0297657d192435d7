package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through every {@code tvlt} command (inspect, convert, download, infer, samples, preprocess, embed,
 * index, match, classify, reconstruct, serve) and the command line itself: missing, corrupt and hostile files (a
 * pickle calling
 * {@code os.system}, garbage safetensors, a config with a mistyped value, a text file named .png or .wav), too
 * many frames, the wrong sampling rate, inputs of the wrong rank, batch, values or label type, malformed model ids, an uncached model offline, out-of-range options.
 * Each row must end with a non-zero exit status ({@link ErrorReporter#EXIT_USAGE} for a command line that does
 * not parse, {@link ErrorReporter#EXIT_FAILURE} otherwise), nothing on stdout, and exactly one line on stderr:
 * {@code tvlt: error: ...} containing the row's fragments (the file, option or key, and what was expected),
 * without a stack trace.
 */
class CliBadInputTest {

    /** What {@link ErrorReporter} prints for an exception that is not the library's: its class name first. */
    private static final Pattern UNEXPECTED = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.[A-Z]\\w*: ");

    @TempDir
    static Path dir;

    private static SampleMedia.Clip clip;
    private static HubEnvironment offlineHub;

    @BeforeAll
    static void fixtures() {
        clip = HeadsFixtures.clips(dir.resolve("media"), 1).get(0);
        offlineHub = new HubEnvironment(URI.create("http://127.0.0.1:9"), null, dir.resolve("hub-cache"), true);
    }

    /** One invocation: its arguments, the expected exit status and the fragments of the error line. */
    record Row(String name, List<String> args, int exitCode, String... fragments) {
    }

    private static Row usage(String name, List<String> args, String... fragments) {
        return new Row(name, args, ErrorReporter.EXIT_USAGE, fragments);
    }

    private static Row failure(String name, List<String> args, String... fragments) {
        return new Row(name, args, ErrorReporter.EXIT_FAILURE, fragments);
    }

    private static Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** A torch.save-style zip whose pickle calls os.system: the reader must refuse it without executing it. */
    private static Path hostilePickle() throws IOException {
        byte[] pickle = "\u0080\u0002cos\nsystem\n(X\u0004\u0000\u0000\u0000truetR.".getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("hostile/pytorch_model.bin");
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            ZipEntry e = new ZipEntry("archive/data.pkl");
            CRC32 crc = new CRC32();
            crc.update(pickle);
            e.setMethod(ZipEntry.STORED);
            e.setSize(pickle.length);
            e.setCompressedSize(pickle.length);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(pickle);
            zip.closeEntry();
        }
        Files.copy(HeadsFixtures.PRETRAINING.resolve("config.json"), file.resolveSibling("config.json"));
        return file;
    }

    private static Path inputs(String name, java.util.function.UnaryOperator<SafetensorsWriter> tensors) {
        Path file = dir.resolve("inputs-" + name + ".safetensors");
        tensors.apply(new SafetensorsWriter()).write(file);
        return file;
    }

    static List<Row> rows() throws IOException {
        String classification = HeadsFixtures.CLASSIFICATION.toString();
        String pretraining = HeadsFixtures.PRETRAINING.toString();
        String video = clip.framesFolder().toString();
        String audio = clip.audio().toString();
        String clips = clip.folder().getParent().toString();
        String missing = dir.resolve("absent").toString();
        Path garbage = write("garbage.safetensors", "this is not a safetensors file at all");
        Path notImage = write("notes.png", "not an image");
        Path notWav = write("notes.wav", "not a wav");
        Path badConfigFolder = write("bad-config/config.json", "{\"hidden_size\": \"wide\"}").getParent();
        Path badPreprocessor = write("preprocessor_config.json", "{\"sampling_rate\": -5}");
        Path hostile = hostilePickle();
        Path existing = write("existing.safetensors", "x");
        Path rawAudio = dir.resolve("raw.safetensors");
        new SafetensorsWriter().putFloats("waveform.0", new long[] {4000}, new float[4000]).write(rawAudio);
        Path out = dir.resolve("out");
        float[] pixels = new float[4 * 3 * 32 * 32];
        float[] spectrogram = new float[128 * 64];
        Path noPixels = inputs("no-pixels", w -> w.putFloats("audio_values", new long[] {1, 1, 128, 64}, spectrogram));
        Path rank4 = inputs("rank4", w -> w.putFloats("pixel_values", new long[] {4, 3, 32, 32}, pixels)
                .putFloats("audio_values", new long[] {1, 1, 128, 64}, spectrogram));
        Path batches = inputs("batches", w -> w.putFloats("pixel_values", new long[] {1, 4, 3, 32, 32}, pixels)
                .putFloats("audio_values", new long[] {2, 1, 64, 64}, spectrogram));
        float[] nan = pixels.clone();
        nan[9] = Float.NaN;
        Path nanPixels = inputs("nan", w -> w.putFloats("input.pixel_values", new long[] {1, 4, 3, 32, 32}, nan)
                .putFloats("input.audio_values", new long[] {1, 1, 128, 64}, spectrogram));
        float[] halfMask = new float[32];
        java.util.Arrays.fill(halfMask, 0.5f);
        Path badMask = inputs("bad-mask", w -> w.putFloats("pixel_values", new long[] {1, 4, 3, 32, 32}, pixels)
                .putFloats("audio_values", new long[] {1, 1, 128, 64}, spectrogram)
                .putFloats("audio_mask", new long[] {1, 32}, halfMask));
        Path floatLabels = inputs("float-labels", w -> w.putFloats("pixel_values", new long[] {1, 4, 3, 32, 32}, pixels)
                .putFloats("audio_values", new long[] {1, 1, 128, 64}, spectrogram)
                .putFloats("labels", new long[] {1}, new float[] {0.5f}));
        String valid = inputs("valid", w -> w.putFloats("pixel_values", new long[] {1, 4, 3, 32, 32}, pixels)
                .putFloats("audio_values", new long[] {1, 1, 128, 64}, spectrogram)).toString();
        String result = out + "-infer.safetensors";
        List<Row> rows = new ArrayList<>(List.of(
                failure("infer missing inputs", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", missing, "--out", result), missing),
                usage("infer unknown task", List.of("infer", "--model", pretraining, "--task", "translate",
                        "--inputs", valid, "--out", result), "--task", "translate"),
                failure("infer without pixel_values", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", noPixels.toString(), "--out", result), "pixel_values"),
                failure("infer pixel_values of rank 4", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", rank4.toString(), "--out", result), "pixel_values", "rank 5"),
                failure("infer batch sizes differ", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", batches.toString(), "--out", result), "batch size"),
                failure("infer NaN pixel", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", nanPixels.toString(), "--out", result), "pixel_values", "finite"),
                failure("infer mask of 0.5", List.of("infer", "--model", pretraining, "--task", "model",
                        "--inputs", badMask.toString(), "--out", result), "audio_mask", "0 and 1"),
                failure("infer float labels for a classifier", List.of("infer", "--model", classification, "--task",
                        "classification", "--inputs", floatLabels.toString(), "--out", result), "labels", "int64"),
                usage("infer --mask-pixel with pretraining", List.of("infer", "--model", pretraining, "--task",
                        "pretraining", "--mask-pixel", "--inputs", valid, "--out", result), "--mask-pixel"),
                failure("infer hostile checkpoint", List.of("infer", "--model", hostile.getParent().toString(),
                        "--task", "model", "--inputs", valid, "--out", result), "os.system")));
        rows.addAll(List.of(
                usage("no command", List.of(), "missing command"),
                usage("unknown command", List.of("frobnicate"), "unknown command 'frobnicate'"),
                usage("unknown option", List.of("inspect", "--frobnicate"), "--frobnicate"),
                failure("inspect missing path", List.of("inspect", missing), missing),
                failure("inspect garbage safetensors", List.of("inspect", garbage.toString()), garbage.toString()),
                failure("inspect a .bin file", List.of("inspect", hostile.toString()), hostile.toString(),
                        "not a safetensors file"),
                failure("inspect a folder with a hostile pickle", List.of("inspect", hostile.getParent().toString()),
                        "os.system", "refused"),
                failure("inspect folder with a bad config", List.of("inspect", badConfigFolder.toString()),
                        "hidden_size"),
                failure("convert missing input", List.of("convert", missing, out + ".safetensors"), missing),
                failure("convert hostile pickle", List.of("convert", hostile.toString(), out + ".safetensors"),
                        "os.system", "refused"),
                failure("convert safetensors as .bin", List.of("convert", garbage.toString(), out + ".safetensors"),
                        garbage.toString(), "zip"),
                failure("convert onto an existing file", List.of("convert", HeadsFixtures.PRETRAINING.resolve(
                        "pytorch_model.bin").toString(), existing.toString()), existing.toString(), "--force"),
                usage("download malformed id", List.of("download", "a/b/c"), "'a/b/c'", "owner/name"),
                failure("download offline, not cached", List.of("download", "owner/model", "--offline"),
                        "offline", "owner/model"),
                usage("samples --clips 0", List.of("samples", "--out", out.toString(), "--clips", "0"), "--clips",
                        "between 1 and"),
                failure("preprocess nothing to do", List.of("preprocess", "--out", out + ".safetensors"),
                        "--audio", "--video"),
                failure("preprocess missing audio", List.of("preprocess", "--audio", missing, "--out",
                        out + ".safetensors"), missing),
                failure("preprocess text as WAV", List.of("preprocess", "--audio", notWav.toString(), "--out",
                        out + ".safetensors"), notWav.toString(), "WAV"),
                failure("preprocess text as image", List.of("preprocess", "--video", notImage.toString(), "--out",
                        out + ".safetensors"), notImage.toString()),
                failure("preprocess wrong sampling rate", List.of("preprocess", "--tensors", rawAudio.toString(),
                        "--sampling-rate", "16000", "--out", out + ".safetensors"), "44100", "16000"),
                failure("preprocess bad config", List.of("preprocess", "--config", badPreprocessor.toString(),
                        "--audio", audio, "--out", out + ".safetensors"), "sampling_rate"),
                failure("embed missing model", List.of("embed", "--model", missing, "--video", video, "--audio",
                        audio), missing),
                failure("embed missing video", List.of("embed", "--model", pretraining, "--video", missing,
                        "--audio", audio), missing),
                failure("embed text as WAV", List.of("embed", "--model", pretraining, "--video", video,
                        "--audio", notWav.toString()), notWav.toString()),
                failure("match missing audio", List.of("match", "--model", pretraining, "--video", video,
                        "--audio", missing), missing),
                failure("match with a classifier", List.of("match", "--model", classification, "--video", video,
                        "--audio", audio), "matching"),
                usage("classify --top-k 0", List.of("classify", "--model", classification, "--video", video,
                        "--audio", audio, "--top-k", "0"), "--top-k"),
                failure("classify with a pre-training checkpoint", List.of("classify", "--model", pretraining,
                        "--video", video, "--audio", audio), "classification head"),
                failure("classify hostile checkpoint", List.of("classify", "--model", hostile.getParent().toString(),
                        "--video", video, "--audio", audio), "os.system"),
                usage("reconstruct --scale 0", List.of("reconstruct", "--model", pretraining, "--video", video,
                        "--audio", audio, "--out", out + ".png", "--scale", "0"), "--scale", "between 1 and"),
                usage("index without --out", List.of("index", clips, "--model", pretraining), "--out"),
                usage("index --batch-size 0", List.of("index", clips, "--model", pretraining, "--out", out + ".idx",
                        "--batch-size", "0"), "--batch-size", "at least 1"),
                usage("index --out a file", List.of("index", clips, "--model", pretraining, "--out",
                        notWav.toString()), notWav.toString(), "is a file"),
                failure("index missing folder", List.of("index", missing, "--model", pretraining, "--out",
                        out + ".idx"), missing, "not a folder"),
                failure("serve missing index", List.of("serve", "--model", pretraining, "--index", missing,
                        "--port", "0"), missing, "does not exist"),
                failure("serve a folder that is no index", List.of("serve", "--model", pretraining, "--index", clips,
                        "--port", "0"), clips, "holds no index"),
                usage("serve --max-batch-size 0", List.of("serve", "--model", pretraining, "--port", "0",
                        "--max-batch-size", "0"), "--max-batch-size", "between 1 and"),
                usage("serve --port 70000", List.of("serve", "--model", pretraining, "--port", "70000"), "--port"),
                failure("serve missing model", List.of("serve", "--model", missing, "--port", "0"), missing)));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInvocationEndsWithOneErrorLineAndANonZeroStatus() throws IOException {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            CliRun run = CliRun.tvlt(offlineHub, r.args().toArray(String[]::new));
            assertEquals(r.exitCode(), run.exitCode(), r.name() + ": " + run.err());
            assertEquals("", run.out(), r.name() + " prints nothing on stdout");
            String line = run.singleErrorLine();
            assertTrue(line.startsWith(ErrorReporter.PREFIX), line);
            assertFalse(UNEXPECTED.matcher(line.substring(ErrorReporter.PREFIX.length())).lookingAt(),
                    "an unexpected exception type instead of the library's message: " + line);
            for (String fragment : r.fragments()) {
                assertTrue(line.contains(fragment), () -> r.name() + ": '" + fragment + "' not in: " + line);
            }
        }));
    }
}
