package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.ClipEmbedding;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.clip.ClipFolders;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.weights.hub.HubEnvironment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt-retrieval index}: embeds every clip of a folder ({@link ClipFolders}: one sub-folder per
 * clip, as {@code tvlt samples} writes them) with {@link TvltEmbedder} and writes the vectors into a new
 * Lucene index ({@link ClipIndexWriter}). A clip that fails is reported on stderr and left out; the others
 * are indexed and the exit status is then 1.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Embed the clips of a folder and index their vectors (Lucene HNSW).",
        footer = {"", "Example:", "  tvlt-retrieval index --model ckpt/ --dir samples --index clips.idx"})
final class IndexCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelArgument model;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "A folder with one sub-folder per clip (its frames folder or video file, and one .wav).")
    private Path dir;

    @Option(names = "--index", paramLabel = "DIR", required = true,
            description = "The index folder (created; an index already there is replaced).")
    private Path index;

    @Option(names = "--pooling", paramLabel = "cls|mean", defaultValue = "cls",
            description = "cls (default): the encoder's CLS vector; mean: the mean of the valid tokens.")
    private String pooling;

    @Option(names = "--similarity", paramLabel = "euclidean|cosine", defaultValue = "euclidean",
            description = "How the first stage compares vectors (default euclidean).")
    private String similarity;

    IndexCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelArgument(hubEnvironment);
    }

    @Override
    public Integer call() {
        Pooling poolingMode = Pooling.parse(pooling);
        ClipSimilarity similarityMode = ClipSimilarity.parse(similarity);
        PrintWriter err = spec.commandLine().getErr();
        List<ClipSource> clips = new ArrayList<>();
        int failed = 0;
        for (Path folder : ClipFolders.list(dir)) {
            try {
                clips.add(ClipSource.of(folder));
            } catch (InvalidInputException e) {
                err.println(RetrievalErrors.PREFIX + "clip '" + folder.getFileName() + "': " + e.getMessage());
                failed++;
            }
        }
        Path checkpoint = model.folder();
        int indexed;
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(checkpoint,
                EmbedderOptions.builder().pooling(poolingMode).build());
                ClipIndexWriter writer = ClipIndexWriter.create(index, new IndexMetadata(checkpoint.toString(),
                        poolingMode, similarityMode, embedder.dimension()))) {
            List<ClipEmbedding> results = embedder.embed(clips);
            for (int i = 0; i < clips.size(); i++) {
                ClipSource clip = clips.get(i);
                if (results.get(i) instanceof ClipEmbedding.Success success) {
                    writer.add(new IndexedClip(clip.id(), absolute(clip.video()), absolute(clip.audio())),
                            success.vector());
                } else if (results.get(i) instanceof ClipEmbedding.Failure failure) {
                    err.println(RetrievalErrors.PREFIX + "clip '" + failure.id() + "': " + failure.message());
                    failed++;
                }
            }
            writer.commit();
            indexed = writer.count();
        }
        spec.commandLine().getOut().printf("indexed %d clips into %s (%s pooling, %s similarity)%n", indexed, index,
                poolingMode.cliName(), similarityMode.cliName());
        if (failed > 0) {
            throw new InvalidInputException(failed + " clips failed (see the errors above); the others were indexed");
        }
        return 0;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
