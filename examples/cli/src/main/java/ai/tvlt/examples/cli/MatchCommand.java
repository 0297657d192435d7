package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.embed.BatchProgress;
import ai.tvlt.examples.cli.embed.ClipBatch;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.models.pipeline.MatchMatrix;
import ai.tvlt.models.pipeline.MatchScore;
import ai.tvlt.models.pipeline.MatchScorer;
import ai.tvlt.weights.hub.ModelResolver;
import ai.tvlt.weights.hub.HubEnvironment;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt match --model M (--video FILE|DIR.. [--audio FILE..] | --list FILE | --dir DIR)}: how well videos and
 * audio clips belong together, by the vision-audio matching head of a TvltForPreTraining checkpoint
 * ({@link MatchScorer}). One pair prints its probability ({@code sigmoid(matching_logits)}) and logit; several
 * videos and/or audio clips print a matrix (rows videos, columns audio); without {@code --audio} the audio are the
 * videos' sound tracks. A batch ({@code --list} or {@code --dir}, as {@code embed} reads them) scores each clip's
 * video with its own audio, one line per clip; a clip that fails is reported on stderr and the others go on.
 * {@code --json} prints JSON Lines, like {@code embed}: one object per pair, {@code {model, video, audio,
 * probability, logit}}, rows first, with the clip's {@code id} in a batch.
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Score whether videos and audio clips belong together with the matching head of a"
                + " TvltForPreTraining checkpoint: sigmoid probability and logit of matching_logits. Several"
                + " --video and/or --audio values give a matrix (rows videos, columns audio); --list or --dir"
                + " score each clip's video with its own audio."},
        footer = {"", "The checkpoint needs the matching head (config task_matching true, matching_head.*"
                + " weights). Each pair is scored on its own (batch of one).",
            "--list and --dir: the clips as 'tvlt embed' reads them (--dir: video files, each a clip named by its"
                + " file name without extension with its sound track, and clip sub-folders). A failing clip gets an"
                + " error line on stderr and the others go on; the exit status is then 1.", "", "Examples:",
            "  tvlt match --model ZinengTang/tvlt-base --video clip0/frames --audio clip0/audio.wav",
            "  tvlt match --model model/ --video a.mp4 --video b.mp4 --audio a.wav --audio b.wav --json",
            "  tvlt match --model model/ --dir videos/ --json"})
public final class MatchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Option(names = "--video", paramLabel = "FILE|DIR",
            description = "A video file, an image file or a folder of frames (natural name order, sampled to"
                    + " num_frames). Repeat for a matrix.")
    private List<Path> videos;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "An audio file (WAV, FLAC, MP3, M4A; mixed to mono, resampled to the processor's rate)."
                    + " Repeat for a matrix. Default: the sound tracks of the --video files.")
    private List<Path> audio;

    @Option(names = "--list", paramLabel = "FILE", description = "Batch: a list of clips, as for embed (TSV, or"
            + " CSV for .csv; or one video file per line).")
    private Path list;

    @Option(names = "--dir", paramLabel = "DIR", description = "Batch: a folder of video files and/or clip"
            + " sub-folders (frames + one .wav).")
    private Path dir;

    @Option(names = "--json", description = "Print JSON Lines: one {model, video, audio, probability, logit}"
            + " object per pair, rows (videos) first; in a batch one per clip, with its id.")
    private boolean json;

    @Option(names = "--no-progress", description = "Batch: no progress bar or counter lines on stderr (errors only).")
    private boolean noProgress;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public MatchCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        boolean pairs = videos != null || audio != null;
        if ((pairs ? 1 : 0) + (list != null ? 1 : 0) + (dir != null ? 1 : 0) != 1) {
            throw usage("give --video (and --audio), --list FILE or --dir DIR");
        }
        if (pairs && videos == null) {
            throw usage("--audio needs --video");
        }
        if (!pairs) {
            return batch(ClipBatch.read(list, dir));
        }
        List<Path> audioInputs = audio != null ? audio : soundtracks(videos);
        Path folder = model.folder();
        MatchMatrix matrix;
        try (MatchScorer scorer = MatchScorer.fromPretrained(folder)) {
            matrix = scorer.scoreAll(videos, audioInputs);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJsonLines(out, folder, matrix);
        } else if (videos.size() == 1 && audioInputs.size() == 1) {
            MatchScore score = matrix.score(0, 0);
            out.printf(Locale.ROOT, "probability: %.6f%n", score.probability());
            out.printf(Locale.ROOT, "logit:       %.6f%n", score.logit());
        } else {
            printTable(out, "matching probability (rows: videos, columns: audio)", matrix, MatchScore::probability);
            out.println();
            printTable(out, "matching logit", matrix, MatchScore::logit);
            out.println();
            printLegend(out, "videos:", "v", matrix.videos());
            printLegend(out, "audio:", "a", matrix.audio());
        }
        out.flush();
        return 0;
    }

    /** The sound tracks of video files, as the audio when --audio is not given. */
    private List<Path> soundtracks(List<Path> videoFiles) {
        for (Path video : videoFiles) {
            if (Files.isDirectory(video)) {
                throw usage("--video " + video + " is a folder of frames, which has no sound track: give --audio too");
            }
        }
        return videoFiles;
    }

    /** Each clip's video with its own audio, one line per clip as it is scored. */
    private int batch(ClipBatch clips) {
        Path folder = model.folder();
        PrintWriter out = spec.commandLine().getOut();
        int width = Math.max("id".length(), clips.clips().stream().mapToInt(c -> c.id().length()).max().orElse(0));
        try (MatchScorer scorer = MatchScorer.fromPretrained(folder)) {
            if (!json) {
                out.printf(Locale.ROOT, "%-" + width + "s  %11s  %11s%n", "id", "probability", "logit");
            }
            BatchProgress progress = new BatchProgress("match", spec.commandLine().getErr(), clips.size(),
                    System.console() != null, !noProgress);
            clips.run(progress, clip -> {
                MatchScore score = scorer.score(clip.video(), clip.audio());
                if (json) {
                    ObjectNode line = CliJson.object();
                    line.put("model", folder.toString());
                    line.put("id", clip.id());
                    line.put("video", clip.video().toString());
                    line.put("audio", clip.audio().toString());
                    line.put("probability", score.probability());
                    line.put("logit", score.logit());
                    out.println(CliJson.line(line));
                } else {
                    out.printf(Locale.ROOT, "%-" + width + "s  %11.6f  %11.6f%n", clip.id(), score.probability(),
                            score.logit());
                }
                out.flush();
            }, "scored");
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void printTable(PrintWriter out, String title, MatchMatrix matrix, Function<MatchScore, Float> value) {
        int rows = matrix.videos().size();
        int cols = matrix.audio().size();
        int labelWidth = ("v" + (rows - 1)).length();
        int cellWidth = 10;
        out.println(title);
        StringBuilder header = new StringBuilder(" ".repeat(labelWidth));
        for (int j = 0; j < cols; j++) {
            header.append(String.format(Locale.ROOT, "  %" + cellWidth + "s", "a" + j));
        }
        out.println(header);
        for (int i = 0; i < rows; i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "v" + i));
            for (int j = 0; j < cols; j++) {
                line.append(String.format(Locale.ROOT, "  %" + cellWidth + ".6f", value.apply(matrix.score(i, j))));
            }
            out.println(line);
        }
    }

    private static void printLegend(PrintWriter out, String title, String prefix, List<Path> paths) {
        out.println(title);
        for (int i = 0; i < paths.size(); i++) {
            out.println("  " + prefix + i + "  " + paths.get(i));
        }
    }

    /** JSON Lines, as {@code embed} writes: one object per (video, audio) pair, rows first. */
    private static void printJsonLines(PrintWriter out, Path folder, MatchMatrix matrix) {
        for (int i = 0; i < matrix.videos().size(); i++) {
            for (int j = 0; j < matrix.audio().size(); j++) {
                MatchScore score = matrix.score(i, j);
                ObjectNode line = CliJson.object();
                line.put("model", folder.toString());
                line.put("video", matrix.videos().get(i).toString());
                line.put("audio", matrix.audio().get(j).toString());
                line.put("probability", score.probability());
                line.put("logit", score.logit());
                out.println(CliJson.line(line));
            }
        }
    }
}
