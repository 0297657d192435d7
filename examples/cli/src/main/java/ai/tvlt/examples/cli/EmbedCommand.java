package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.embed.BatchProgress;
import ai.tvlt.examples.cli.embed.ClipBatch;
import ai.tvlt.examples.cli.embed.EmbeddingSink;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.examples.cli.model.PoolingOption;
import ai.tvlt.examples.cli.model.PrecisionOption;
import ai.tvlt.examples.cli.model.ThreadsOption;
import ai.tvlt.examples.cli.preprocess.DecodeTimeoutOption;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt embed}: one vector per audio-visual clip ({@link TvltEmbedder}), as JSON Lines on stdout
 * or, with {@code --out}, as JSON Lines, NPY or safetensors ({@link EmbeddingSink}). One clip
 * ({@code --video} + {@code --audio}) or a batch ({@code --list} or {@code --dir}); in a batch a clip that
 * fails is reported on stderr and skipped, the others go on, and the exit status is 1 at the end.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed audio-visual clips with a TVLT encoder: one vector per clip (CLS token, or the mean"
                + " of the valid tokens)."},
        footer = {"", "Output: JSON Lines {\"id\": ..., \"vector\": [...]} on stdout, or --out FILE by extension:"
                + " .jsonl/.json (JSON Lines), .npy (float32 [N, D]; ids in FILE.ids.txt beside it), .safetensors"
                + " (tensor 'embeddings' [N, D] F32, ids as a JSON array in metadata 'ids').",
            "--list: lines id<TAB>video<TAB>audio, or id,video,audio in a .csv file (quotes allowed), or one video"
                + " file per line; '#' comments, optional header 'id,video,audio'; relative paths are relative to the"
                + " list file.",
            "--dir: every video file (.mp4, .m4v, .mov; the id is the file name without extension, the audio its"
                + " sound track) and every sub-folder (the id) with its frames folder (or image files, or one video"
                + " file) and one .wav file, as 'tvlt samples' writes them.",
            "In a batch a failing clip gets an error line on stderr and the others go on; the exit status is then 1.",
            "", "Examples:",
            "  tvlt embed --model ckpt/ --video clip0/frames --audio clip0/audio.wav",
            "  tvlt embed --model ZinengTang/tvlt-base --dir samples --out vectors.npy"})
public final class EmbedCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private PoolingOption pooling;

    @Mixin
    private PrecisionOption precision;

    @Mixin
    private DecodeTimeoutOption decodeTimeout;

    @Option(names = "--video", paramLabel = "FILE|DIR",
            description = "One clip's video: an image file, a folder of frames or a video file.")
    private Path video;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "One clip's audio (WAV, FLAC, MP3, M4A); default: the sound track of the --video file.")
    private Path audio;

    @Option(names = "--id", paramLabel = "ID", description = "The id of the one clip (default: the --video argument).")
    private String id;

    @Option(names = "--list", paramLabel = "FILE", description = "Batch: a list of clips (TSV, or CSV for .csv).")
    private Path list;

    @Option(names = "--dir", paramLabel = "DIR", description = "Batch: a folder of video files and/or clip sub-folders (frames + one .wav).")
    private Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (.jsonl, .json, .npy or .safetensors);"
            + " default: JSON Lines on stdout.")
    private Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + EmbedderOptions.DEFAULT_BATCH_SIZE,
            description = "Batch: clips per padded forward (default ${DEFAULT-VALUE}); a clip's vector equals its"
                    + " vector alone within float rounding.")
    private int batchSize;

    @Option(names = "--no-progress", description = "Batch: no progress bar or counter lines on stderr (errors only).")
    private boolean noProgress;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public EmbedCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        boolean single = video != null || audio != null;
        int modes = (single ? 1 : 0) + (list != null ? 1 : 0) + (dir != null ? 1 : 0);
        if (modes != 1) {
            throw usage("give one clip (--video [--audio]), --list FILE or --dir DIR");
        }
        if (single && video == null) {
            throw usage("one clip needs --video (and --audio, unless the video file's sound track is the audio)");
        }
        if (single && audio == null && Files.isDirectory(video)) {
            throw usage("--video " + video + " is a folder of frames, which has no sound track: give --audio too");
        }
        if (!single && id != null) {
            throw usage("--id names the one clip of --video/--audio; in a batch the ids come from --list or --dir");
        }
        if (out != null) {
            EmbeddingSink.checkExtension(out);
        }
        Path checkpoint = model.folder();
        if (single) {
            ClipSource clip = new ClipSource(id != null ? id : video.toString(), video, audio != null ? audio : video);
            try (TvltEmbedder embedder = TvltEmbedder.fromPretrainedInBackground(checkpoint, options());
                    EmbeddingSink sink = sink(embedder, checkpoint)) {
                sink.accept(clip.id(), embedder.embed(clip.video(), clip.audio()));
            }
            return 0;
        }
        return batch(checkpoint);
    }

    private int batch(Path checkpoint) {
        ClipBatch clips = ClipBatch.read(list, dir);
        BatchProgress progress = null;
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrainedInBackground(checkpoint, options());
                EmbeddingSink sink = sink(embedder, checkpoint)) {
            BatchProgress clipsProgress = new BatchProgress("embed", spec.commandLine().getErr(), clips.size(),
                    System.console() != null, !noProgress);
            progress = clipsProgress;
            clips.unresolved().forEach(clipsProgress::failed);
            embedder.embed(clips.clips(), (result, done, total) -> {
                if (result instanceof ClipEmbedding.Success success) {
                    sink.accept(success.id(), success.vector());
                }
                clipsProgress.accept(result);
            });
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        progress.requireNoFailures("embedded");
        return 0;
    }

    private EmbeddingSink sink(TvltEmbedder embedder, Path checkpoint) {
        if (out == null) {
            return EmbeddingSink.jsonLines(spec.commandLine().getOut());
        }
        return EmbeddingSink.open(out, embedder.dimension(),
                Map.of("model", checkpoint.toString(), "pooling", pooling.pooling().cliName()));
    }

    private EmbedderOptions options() {
        return EmbedderOptions.builder().pooling(pooling.pooling()).batchSize(batchSize).decodeTimeout(decodeTimeout.timeout())
                .load(threads.loadOptions(precision.precision()))
                .build();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
