package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.weights.hub.HubEnvironment;
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
 * {@code tvlt-retrieval query}: the two stages for one query clip.
 * <ol>
 *   <li>The query clip (video + audio) is embedded as the index's clips were ({@link TvltEmbedder}, the
 *       pooling recorded in the index) and the {@code --k} nearest clips are fetched from the HNSW graph
 *       ({@link ClipIndex#search}).</li>
 *   <li>The first {@code --rerank} of them are scored by the matching head ({@link MatchingReranker}: the
 *       query's audio against each candidate's video) and sorted by that score; the others follow in
 *       first-stage order.</li>
 * </ol>
 * The encoder is closed before the matching model is loaded, so the encoder weights are in memory once.
 * Output on stdout: a header, then one tab-separated line per hit: rank, id, matching probability
 * ({@code -} when not reranked), first-stage score, video, audio.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Find the clips of an index nearest to a query clip, then rerank them with the TVLT matching head.",
        footer = {"", "Example:", "  tvlt-retrieval query --model ckpt/ --index clips.idx --video q/frames"
                + " --audio q/audio.wav --k 10 --rerank 5"})
final class QueryCommand implements Callable<Integer> {

    /** The header line of the output. */
    static final String HEADER = "rank\tid\tmatching\tsimilarity\tvideo\taudio";

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelArgument model;

    @Option(names = "--index", paramLabel = "DIR", required = true, description = "An index written by 'index'.")
    private Path index;

    @Option(names = "--video", paramLabel = "FILE|DIR", required = true,
            description = "The query clip's video: an image file, a folder of frames or a video file.")
    private Path video;

    @Option(names = "--audio", paramLabel = "FILE", required = true, description = "The query clip's audio (WAV).")
    private Path audio;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10",
            description = "How many nearest clips the first stage fetches (default 10).")
    private int k;

    @Option(names = "--rerank", paramLabel = "R", defaultValue = "10",
            description = "How many of them (at most K) the matching head rescores (default 10; 0: no reranking).")
    private int rerank;

    QueryCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelArgument(hubEnvironment);
    }

    @Override
    public Integer call() {
        if (k < 1) {
            throw new InvalidInputException("--k must be at least 1, got " + k);
        }
        if (rerank < 0) {
            throw new InvalidInputException("--rerank must be 0 or more, got " + rerank);
        }
        Path checkpoint = model.folder();
        try (ClipIndex clips = ClipIndex.open(index)) {
            float[] query = embedQuery(checkpoint, clips.metadata());
            List<Candidate> candidates = clips.search(query, k);
            int reranked = Math.min(rerank, candidates.size());
            List<RankedClip> top = List.of();
            if (reranked > 0) {
                try (MatchingReranker reranker = MatchingReranker.fromPretrained(checkpoint)) {
                    top = reranker.rerank(audio, candidates.subList(0, reranked));
                }
            }
            print(top, candidates.subList(reranked, candidates.size()));
        }
        return 0;
    }

    private float[] embedQuery(Path checkpoint, IndexMetadata metadata) {
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(checkpoint,
                EmbedderOptions.builder().pooling(metadata.pooling()).build())) {
            if (embedder.dimension() != metadata.dimension()) {
                throw new InvalidInputException("the model " + checkpoint + " makes vectors of size "
                        + embedder.dimension() + " but the index " + index + " holds vectors of size "
                        + metadata.dimension() + " (built with " + metadata.model() + ")");
            }
            return embedder.embed(video, audio);
        }
    }

    private void print(List<RankedClip> reranked, List<Candidate> rest) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(HEADER);
        int rank = 1;
        for (RankedClip hit : reranked) {
            line(out, rank++, hit.candidate(), String.format(Locale.ROOT, "%.6f", hit.matchingProbability()));
        }
        for (Candidate hit : rest) {
            line(out, rank++, hit, "-");
        }
        out.flush();
    }

    private static void line(PrintWriter out, int rank, Candidate hit, String matching) {
        out.println(rank + "\t" + hit.clip().id() + "\t" + matching + "\t"
                + String.format(Locale.ROOT, "%.6f", hit.similarity()) + "\t" + hit.clip().video() + "\t"
                + hit.clip().audio());
    }
}
