package ai.tvlt.examples.cli;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.models.pipeline.ClipClassifier;
import ai.tvlt.models.tvlt.Prediction;
import ai.tvlt.models.tvlt.TvltClassificationOutput;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt classify --model M --video FILE|DIR --audio FILE [--top-k K] [--json]}: the most probable
 * labels ({@code id2label} names, softmax probabilities) of a TvltForAudioVisualClassification checkpoint
 * for one clip; a regression head ({@code loss_type="regression"}) prints its output values instead.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify a video with its audio with a TvltForAudioVisualClassification checkpoint:"
                + " the top-k labels (id2label names) with their probabilities, in descending probability;"
                + " a regression head prints its values."},
        footer = {"", "Examples:",
            "  tvlt classify --model my-classifier/ --video clip0/frames --audio clip0/audio.wav --top-k 3",
            "  tvlt classify --model my-classifier/ --video clip.mp4 --audio clip.wav --json"})
public final class ClassifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Option(names = "--video", required = true, paramLabel = "FILE|DIR",
            description = "A video file, an image file or a folder of frames (natural name order, at most"
                    + " num_frames).")
    private Path video;

    @Option(names = "--audio", required = true, paramLabel = "FILE",
            description = "A WAV file (mixed to mono, resampled to the processor's rate).")
    private Path audio;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "5",
            description = "How many labels to print (default ${DEFAULT-VALUE}; at most num_labels).")
    private int topK;

    @Option(names = "--json", description = "Print JSON Lines (one line, as embed writes):"
            + " {model, video, audio, task, predictions|values}.")
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
        Path folder = model.folder();
        ObjectNode result = CliJson.object();
        result.put("model", folder.toString());
        result.put("video", video.toString());
        result.put("audio", audio.toString());
        PrintWriter out = spec.commandLine().getOut();
        try (ClipClassifier classifier = ClipClassifier.fromPretrained(folder)) {
            TvltInputs clip = classifier.media().clip(video, audio);
            TvltClassificationOutput output = classifier.forward(clip);
            if (classifier.isRegression()) {
                List<ClipClassifier.Value> values = classifier.values(output);
                result.put("task", "regression");
                ArrayNode array = result.putArray("values");
                values.forEach(v -> array.addObject().put("label", v.label()).put("index", v.index())
                        .put("value", v.value()));
                if (!json) {
                    printValues(out, values);
                }
            } else {
                List<Prediction> top = classifier.topK(output, topK);
                result.put("task", "classification");
                ArrayNode array = result.putArray("predictions");
                top.forEach(p -> array.addObject().put("label", p.label()).put("index", p.index())
                        .put("probability", p.probability()));
                if (!json) {
                    printPredictions(out, top);
                }
            }
        }
        if (json) {
            out.println(CliJson.line(result));
        }
        out.flush();
        return 0;
    }

    private static void printPredictions(PrintWriter out, List<Prediction> top) {
        int width = Math.max("label".length(), top.stream().mapToInt(p -> p.label().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %5s  %s%n", "label", "index", "probability");
        for (Prediction p : top) {
            out.printf(Locale.ROOT, "%-" + width + "s  %5d  %.6f%n", p.label(), p.index(), p.probability());
        }
    }

    private static void printValues(PrintWriter out, List<ClipClassifier.Value> values) {
        int width = Math.max("label".length(), values.stream().mapToInt(v -> v.label().length()).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %5s  %s%n", "label", "index", "value");
        for (ClipClassifier.Value v : values) {
            out.printf(Locale.ROOT, "%-" + width + "s  %5d  %.6f%n", v.label(), v.index(), v.value());
        }
    }
}
