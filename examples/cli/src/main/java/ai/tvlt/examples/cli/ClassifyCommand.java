package ai.tvlt.examples.cli;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.examples.cli.embed.BatchProgress;
import ai.tvlt.examples.cli.embed.ClipBatch;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.models.pipeline.ClipClassifier;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt classify --model M (--video FILE|DIR [--audio FILE] | --list FILE | --dir DIR) [--top-k K] [--json]}:
 * the most probable labels ({@code id2label} names, softmax probabilities) of a TvltForAudioVisualClassification
 * checkpoint for a clip; a regression head ({@code loss_type="regression"}) prints its output values instead.
 * Without {@code --audio} the audio is the video file's sound track. A batch ({@code --list} or {@code --dir}, as
 * {@code embed} reads them) classifies each clip, one row per clip and label (JSON Lines: one object per clip,
 * with its {@code id}); a clip that fails is reported on stderr and the others go on.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify a video with its audio with a TvltForAudioVisualClassification checkpoint:"
                + " the top-k labels (id2label names) with their probabilities, in descending probability;"
                + " a regression head prints its values."},
        footer = {"", "--list and --dir: the clips as 'tvlt embed' reads them (--dir: video files, each a clip named by"
                + " its file name without extension with its sound track, and clip sub-folders). A failing clip gets"
                + " an error line on stderr and the others go on; the exit status is then 1.", "", "Examples:",
            "  tvlt classify --model my-classifier/ --video clip0/frames --audio clip0/audio.wav --top-k 3",
            "  tvlt classify --model my-classifier/ --video clip.mp4 --json",
            "  tvlt classify --model my-classifier/ --dir videos/ --top-k 1"})
public final class ClassifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Option(names = "--video", paramLabel = "FILE|DIR",
            description = "A video file, an image file or a folder of frames (natural name order, sampled to"
                    + " num_frames).")
    private Path video;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "An audio file (WAV, FLAC, MP3, M4A; mixed to mono, resampled to the processor's rate);"
                    + " default: the sound track of the --video file.")
    private Path audio;

    @Option(names = "--list", paramLabel = "FILE", description = "Batch: a list of clips, as for embed (TSV, or"
            + " CSV for .csv; or one video file per line).")
    private Path list;

    @Option(names = "--dir", paramLabel = "DIR", description = "Batch: a folder of video files and/or clip"
            + " sub-folders (frames + one .wav).")
    private Path dir;

    @Option(names = "--no-progress", description = "Batch: no progress bar or counter lines on stderr (errors only).")
    private boolean noProgress;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            description = "How many labels to print (default ${DEFAULT-VALUE}; at most num_labels).")
    private int topK;

    @Option(names = "--json", description = "Print JSON Lines (one line per clip, as embed writes):"
            + " {model, [id,] video, audio, task, predictions|values}.")
    private boolean json;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public ClassifyCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        OptionRange.check(spec, "--top-k", topK, 1, Integer.MAX_VALUE);
        boolean single = video != null || audio != null;
        if ((single ? 1 : 0) + (list != null ? 1 : 0) + (dir != null ? 1 : 0) != 1) {
            throw usage("give --video (and --audio), --list FILE or --dir DIR");
        }
        if (single && video == null) {
            throw usage("--audio needs --video");
        }
        if (single && audio == null && Files.isDirectory(video)) {
            throw usage("--video " + video + " is a folder of frames, which has no sound track: give --audio too");
        }
        ClipBatch batch = single ? null : ClipBatch.read(list, dir);
        Path folder = model.folder();
        PrintWriter out = spec.commandLine().getOut();
        try (ClipClassifier classifier = ClipClassifier.fromPretrained(folder)) {
            if (single) {
                ClipSource clip = new ClipSource(video.toString(), video, audio != null ? audio : video);
                ObjectNode result = classify(classifier, folder, clip, false);
                if (json) {
                    out.println(CliJson.line(result));
                } else {
                    printRows(out, "", result);
                }
            } else {
                classifyAll(classifier, folder, batch, out);
            }
        }
        out.flush();
        return 0;
    }

    private void classifyAll(ClipClassifier classifier, Path folder, ClipBatch batch, PrintWriter out) {
        int width = Math.max("id".length(), batch.clips().stream().mapToInt(c -> c.id().length()).max().orElse(0));
        String idColumn = "%-" + width + "s  ";
        if (!json) {
            out.printf(Locale.ROOT, idColumn + "%s%n", "id", classifier.isRegression() ? "label  index  value"
                    : "label  index  probability");
        }
        BatchProgress progress = new BatchProgress("classify", spec.commandLine().getErr(), batch.size(),
                System.console() != null, !noProgress);
        batch.run(progress, clip -> {
            ObjectNode result = classify(classifier, folder, clip, true);
            if (json) {
                out.println(CliJson.line(result));
            } else {
                printRows(out, String.format(Locale.ROOT, idColumn, clip.id()), result);
            }
            out.flush();
        }, "classified");
    }

    /** One clip's result as the JSON object {@code --json} prints, with the clip's id in a batch. */
    private ObjectNode classify(ClipClassifier classifier, Path folder, ClipSource clip, boolean withId) {
        ObjectNode result = CliJson.object();
        result.put("model", folder.toString());
        if (withId) {
            result.put("id", clip.id());
        }
        result.put("video", clip.video().toString());
        result.put("audio", clip.audio().toString());
        TvltInputs inputs = classifier.media().clip(clip.video(), clip.audio());
        TvltClassificationOutput output = classifier.forward(inputs);
        if (classifier.isRegression()) {
            result.put("task", "regression");
            ArrayNode array = result.putArray("values");
            classifier.values(output).forEach(v -> array.addObject().put("label", v.label()).put("index", v.index())
                    .put("value", v.value()));
        } else {
            result.put("task", "classification");
            ArrayNode array = result.putArray("predictions");
            classifier.topK(output, topK).forEach(p -> array.addObject().put("label", p.label())
                    .put("index", p.index()).put("probability", p.probability()));
        }
        return result;
    }

    /**
     * The text table of one clip: a header and one row per label (single clip), or rows after {@code prefix} (the
     * clip's id column in a batch, whose header is printed once).
     */
    private static void printRows(PrintWriter out, String prefix, ObjectNode result) {
        boolean regression = result.get("task").asText().equals("regression");
        JsonNode rows = result.get(regression ? "values" : "predictions");
        String valueName = regression ? "value" : "probability";
        int width = "label".length();
        for (JsonNode row : rows) {
            width = Math.max(width, row.get("label").asText().length());
        }
        if (prefix.isEmpty()) {
            out.printf(Locale.ROOT, "%-" + width + "s  %5s  %s%n", "label", "index", valueName);
        }
        for (JsonNode row : rows) {
            out.printf(Locale.ROOT, "%s%-" + width + "s  %5d  %.6f%n", prefix, row.get("label").asText(),
                    row.get("index").asInt(), row.get(valueName).floatValue());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
