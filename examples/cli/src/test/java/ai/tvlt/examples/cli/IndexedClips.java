package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.serve.ModelDescription;
import ai.tvlt.examples.cli.serve.SearchRoutes;
import ai.tvlt.examples.cli.serve.ServeLimits;
import ai.tvlt.examples.cli.serve.ServedModel;
import ai.tvlt.examples.cli.serve.ServerMetrics;
import ai.tvlt.examples.cli.serve.TvltServer;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seven small clips (six generated clip folders of 4 frames of 64x48 and 1 s of sound, and an ffmpeg-made
 * H.264/AAC MP4) and their index, built with {@code tvlt index} and the golden tiny checkpoint once per test
 * JVM and shared by the index, search and browser tests. Deleted when the JVM exits.
 *
 * @param clips the folder of clips
 * @param index the index folder
 * @param indexRun the {@code tvlt index} run that built it
 */
record IndexedClips(Path clips, Path index, CliRun indexRun) {

    /** The checkpoint of the vectors: TvltForPreTraining with the matching head and the MAE decoder. */
    static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    /** The MP4 clip (id {@code stereo} in the index). */
    static final Path MP4 = Path.of("src/test/resources/media/mp4_h264_aac_44k_stereo.mp4");

    private static IndexedClips shared;

    /** @return the clips and their index, built on the first call */
    static synchronized IndexedClips get() {
        if (shared == null) {
            shared = build();
        }
        return shared;
    }

    private static IndexedClips build() {
        try {
            Path work = Files.createTempDirectory("tvlt-indexed-clips-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(work)));
            Path clips = work.resolve("clips");
            new SampleMedia(4, 1.0, 64, 48).generate(clips, 6);
            Files.copy(MP4, clips.resolve("stereo.mp4"));
            Path index = work.resolve("clips.idx");
            CliRun run = CliRun.tvlt("index", clips.toString(), "--model", CHECKPOINT.toString(), "--out",
                    index.toString(), "--no-progress");
            if (run.exitCode() != 0) {
                throw new AssertionError("tvlt index failed: " + run.err());
            }
            return new IndexedClips(clips, index, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param search the search routes (say {@code SearchRoutes.of(ClipIndex.open(index))})
     * @return a running server of the tiny checkpoint on a free loopback port with those routes; close it
     */
    static TvltServer startServer(SearchRoutes search) {
        ServeLimits limits = new ServeLimits("127.0.0.1", 0, 10_000_000L, 4, Duration.ofMillis(5), 16,
                Duration.ofSeconds(60), Duration.ofSeconds(5));
        ServerMetrics metrics = new ServerMetrics();
        ServedModel model = ServedModel.load(new ModelDescription(CHECKPOINT.toString(), null), CHECKPOINT,
                EmbedderOptions.defaults(), limits, metrics::batch);
        return TvltServer.start(model, limits, metrics, List.of(search));
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
