package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorRequest;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.processing.image.RgbImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the cold start of {@code tvlt embed} goes: the phases from a fresh JVM to the first vector, one
 * after the other on one thread, each with its wall time and the process's CPU time (which a loaded,
 * shared machine disturbs far less than wall time): JVM start to {@code main}, the native backend (ND4J and
 * OpenBLAS), the clip's media and preprocessing, the weights, then {@code forwards} forwards (the first
 * one pays for JIT compilation and fresh scratch memory). Run it in a fresh JVM, with no flags:
 *
 * <pre>
 * java -cp examples/benchmarks/target/benchmarks.jar ai.tvlt.examples.benchmarks.StartupPhases \
 *     CHECKPOINT_DIR CLIP_DIR [forwards=2]
 * </pre>
 * {@code CLIP_DIR} is a clip folder as {@code tvlt samples} writes it (frames + one WAV), or give a video
 * file. Prints one line per phase: {@code phase=<name> wall_ms=<w> cpu_ms=<c>}.
 */
public final class StartupPhases {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wall = System.nanoTime();
    private long cpu = os.getProcessCpuTime();

    private StartupPhases() {
    }

    /**
     * @param args checkpoint folder, clip folder or video file, optional number of forwards
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: StartupPhases CHECKPOINT_DIR CLIP_DIR|VIDEO [forwards=2]");
            System.exit(2);
        }
        StartupPhases phases = new StartupPhases();
        phases.print("jvm_to_main", ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L, phases.cpu);
        Path checkpoint = Path.of(args[0]);
        Path clipPath = Path.of(args[1]);
        int forwards = args.length > 2 ? Integer.parseInt(args[2]) : 2;

        Nd4j.create(DataType.FLOAT, 1, 1).close();
        phases.mark("native_backend");
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpoint);
        int rate = processor.featureExtractor().samplingRate();
        MediaSources media = new MediaSources(rate, processor.imageProcessor().numFrames(), note -> { });
        ClipSource clip = clipPath.toFile().isDirectory() ? ClipSource.of(clipPath)
                : new ClipSource("clip", clipPath, clipPath);
        List<RgbImage> frames = media.video(clip.video());
        float[] waveform = media.audio(clip.audio());
        TvltInputs inputs = processor.process(TvltProcessorRequest.builder().videos(List.of(frames))
                .audio(List.of(waveform), rate).build()).inputs();
        phases.mark("media_and_preprocessing");
        try (TvltModel model = TvltModel.fromPretrained(checkpoint)) {
            phases.mark("weights");
            for (int i = 0; i < forwards; i++) {
                model.forward(TvltModelInput.builder().inputs(inputs).build());
                phases.mark("forward_" + (i + 1));
            }
        }
    }

    private void mark(String phase) {
        long nowWall = System.nanoTime();
        long nowCpu = os.getProcessCpuTime();
        print(phase, nowWall - wall, nowCpu - cpu);
        wall = nowWall;
        cpu = nowCpu;
    }

    private void print(String phase, long wallNanos, long cpuNanos) {
        System.out.println(String.format(Locale.ROOT, "phase=%s wall_ms=%d cpu_ms=%d", phase, wallNanos / 1_000_000,
                cpuNanos / 1_000_000));
    }
}
