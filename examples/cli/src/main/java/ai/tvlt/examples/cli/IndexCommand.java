package ai.tvlt.examples.cli;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.embed.BatchProgress;
import ai.tvlt.examples.cli.index.ClipIndexWriter;
import ai.tvlt.examples.cli.index.IndexedModel;
import ai.tvlt.examples.cli.index.Thumbnails;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.examples.cli.model.PoolingOption;
import ai.tvlt.examples.cli.model.ThreadsOption;
import ai.tvlt.examples.cli.preprocess.DecodeTimeoutOption;
import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.ErrorMessages;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipFolders;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt index DIR --model M --out INDEX}: embeds a folder of clips ({@link ClipFolders}: video files
 * and clip sub-folders, ids from the names) with {@link TvltEmbedder} in padded batches and writes a
 * {@link ai.tvlt.examples.cli.index.ClipIndex}: a Lucene HNSW index of the vectors with the ids, a thumbnail
 * per clip and the model. A clip that fails is reported and left out; the others are indexed and the exit
 * status is then 1.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Build a searchable index of a folder of clips: vectors (Lucene HNSW, cosine), ids and a"
                + " thumbnail per clip, for 'tvlt serve --index'."},
        footer = {"", "DIR: video files (.mp4/.m4v/.mov; id = file name without extension) and/or one sub-folder per"
                + " clip (frames + one .wav, as 'tvlt samples' writes them; id = folder name).",
            "A failing clip gets an error line on stderr and is left out; the others are indexed and the exit status"
                + " is then 1. An existing index at --out is replaced only with --force.",
            "", "Example:",
            "  tvlt index samples --model ZinengTang/tvlt-base --out clips.idx"})
public final class IndexCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private PoolingOption pooling;

    @Mixin
    private DecodeTimeoutOption decodeTimeout;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder of clips.")
    private Path dir;

    @Option(names = "--out", required = true, paramLabel = "INDEX", description = "The index folder to write.")
    private Path out;

    @Option(names = "--force", description = "Replace an index already at --out.")
    private boolean force;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + EmbedderOptions.DEFAULT_BATCH_SIZE,
            description = "Clips per padded forward (default ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--no-progress", description = "No progress bar or counter lines on stderr (errors only).")
    private boolean noProgress;

    /**
     * @param hubEnvironment the hub settings for {@code --model owner/name}, read only when one is resolved
     */
    public IndexCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        OptionRange.check(spec, "--batch-size", batchSize, 1, Integer.MAX_VALUE);
        checkOut();
        List<ClipSource> clips = new ArrayList<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        for (Path clip : ClipFolders.list(dir)) {
            try {
                clips.add(ClipSource.of(clip));
            } catch (InvalidInputException e) {
                unresolved.put(clip.getFileName().toString(), e.getMessage());
            }
        }
        requireUniqueIds(clips);
        Path checkpoint = model.folder();
        EmbedderOptions options = EmbedderOptions.builder().pooling(pooling.pooling()).batchSize(batchSize)
                .decodeTimeout(decodeTimeout.timeout()).load(threads.loadOptions(Precision.FP32)).build();
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(checkpoint, options)) {
            IndexedModel indexed = IndexedModel.of(model.reference().orElseThrow().toString(), checkpoint, pooling.pooling(),
                    embedder.dimension());
            return build(embedder, indexed, clips, unresolved);
        }
    }

    private int build(TvltEmbedder embedder, IndexedModel indexed, List<ClipSource> clips,
            Map<String, String> unresolved) {
        Thumbnails thumbnails = new Thumbnails(new MediaSources(embedder.processor().featureExtractor().samplingRate(),
                embedder.processor().imageProcessor().numFrames(), note -> { })
                .withVideoDecodeTimeout(decodeTimeout.timeout()));
        Map<String, ClipSource> byId = new HashMap<>();
        clips.forEach(c -> byId.put(c.id(), c));
        BatchProgress progress = new BatchProgress("index", spec.commandLine().getErr(),
                clips.size() + unresolved.size(), System.console() != null, !noProgress);
        try (ClipIndexWriter writer = ClipIndexWriter.create(out, indexed)) {
            unresolved.forEach(progress::failed);
            embedder.embed(clips, (result, done, total) -> {
                if (result instanceof ClipEmbedding.Success success) {
                    result = add(writer, thumbnails, byId.get(success.id()), success);
                }
                progress.accept(result);
            });
            progress.finish();
            if (writer.count() == 0) {
                throw new InvalidInputException("no clip of " + dir + " could be embedded; no index was written");
            }
            writer.commit();
        }
        spec.commandLine().getErr().println("tvlt: index: " + (progress.doneCount() - progress.failedCount())
                + " clips indexed in " + out + " (" + indexed.describe() + ")");
        if (progress.failedCount() > 0) {
            throw new InvalidInputException(progress.failedCount() + " of " + progress.doneCount()
                    + " clips failed (see the errors above); the others were indexed");
        }
        return 0;
    }

    /** Adds a clip with its thumbnail; a thumbnail that cannot be made fails the clip. */
    private static ClipEmbedding add(ClipIndexWriter writer, Thumbnails thumbnails, ClipSource clip,
            ClipEmbedding.Success success) {
        byte[] thumbnail;
        try {
            thumbnail = thumbnails.of(clip);
        } catch (RuntimeException e) {
            return new ClipEmbedding.Failure(clip.id(), ErrorMessages.describe(e), e);
        }
        writer.add(clip, success.vector(), thumbnail);
        return success;
    }

    private static void requireUniqueIds(List<ClipSource> clips) {
        Map<String, ClipSource> seen = new HashMap<>();
        for (ClipSource clip : clips) {
            ClipSource first = seen.putIfAbsent(clip.id(), clip);
            if (first != null) {
                throw new InvalidInputException("two clips are named '" + clip.id() + "' (" + first.video() + " and "
                        + clip.video() + "); ids must be unique in an index: rename one");
            }
        }
    }

    /** --out must be a new or empty folder, or an index to replace with --force; never another folder. */
    private void checkOut() {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a file, not an index folder");
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(out)) {
            names = entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out, e);
        }
        if (names.isEmpty()) {
            return;
        }
        if (names.stream().noneMatch(n -> n.startsWith("segments"))) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a folder that holds no index;"
                    + " give a new or empty folder");
        }
        if (!force) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " already holds an index; add --force"
                    + " to replace it");
        }
    }
}
