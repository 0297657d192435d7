package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.models.tvlt.TvltClassificationInput;
import ai.tvlt.models.tvlt.TvltForAudioVisualClassification;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Timing harness for the heads on the tvlt-base shape with random weights (encoder 768 x 12 layers,
 * MAE decoder 512 x 8 layers x 16 heads): 8 frames of 224x224 and a 10 s clip (864x128 spectrogram,
 * 861 valid rows), batch 1, padding masks given.
 * <ul>
 *   <li>{@code matching}: TvltForPreTraining default mode, pixel_values_mixed + labels (one 2001-token
 *       encoder pass, pooler, fc, BCE).</li>
 *   <li>{@code reconstruct}: the same plus the masked-autoencoder task (a second encoder pass on the
 *       392 + 367 kept tokens, then the decoder on 1568 pixel and 432 audio tokens).</li>
 *   <li>{@code mae}: reconstruct mode without matching inputs (masked encoder pass + decoder only).</li>
 *   <li>{@code classification}: TvltForAudioVisualClassification with a class label.</li>
 * </ul>
 * Prints the median ms per forward and the peak resident set (VmHWM).
 *
 * <pre>
 * mvn -o -q -B -pl examples/benchmarks -am package -DskipTests
 * OMP_NUM_THREADS=2 GOMP_SPINCOUNT=0 java -Xmx3g -cp examples/benchmarks/target/benchmarks.jar \
 *     ai.tvlt.examples.benchmarks.HeadsBenchmark [--modes matching,reconstruct,mae,classification] \
 *     [--warmup 1] [--iterations 3]
 * </pre>
 */
public final class HeadsBenchmark {

    private static final int FRAMES = 8;
    private static final int TIME = 864;
    private static final int VALID_ROWS = 861;

    private HeadsBenchmark() {
    }

    /**
     * @param args {@code --modes a,b --warmup N --iterations N}
     * @throws IOException when /proc/self/status cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<String> modes = List.of("matching", "reconstruct", "mae", "classification");
        int warmup = 1;
        int iterations = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--modes" -> modes = List.of(args[++i].split(","));
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --modes matching,reconstruct,mae,classification --warmup N --iterations N)");
            }
        }
        TvltConfig config = TvltConfig.defaults();
        Inputs in = Inputs.create(config);
        boolean pretraining = modes.stream().anyMatch(m -> !m.equals("classification"));
        if (pretraining) {
            long t0 = System.nanoTime();
            try (TvltForPreTraining model = TvltForPreTraining.create(config,
                    new HeadRandomWeights(config, HeadRandomWeights.Head.PRETRAINING, 42))) {
                System.out.printf("pretraining load %.0f ms, RSS %s%n", (System.nanoTime() - t0) / 1e6, rss("VmRSS"));
                for (String mode : modes) {
                    TvltForPreTrainingInput.Builder b = TvltForPreTrainingInput.builder()
                            .pixelValues(in.pixels).audioValues(in.audio).pixelMask(in.pixelMask)
                            .audioMask(in.audioMask).seed(1);
                    if (!mode.equals("mae")) {
                        b.pixelValuesMixed(in.pixels).pixelMaskMixed(in.pixelMask)
                                .labels(FloatTensor.wrap(new float[] {1}, 1, 1));
                    }
                    TvltForPreTrainingInput input = b.reconstruct(!mode.equals("matching")).build();
                    switch (mode) {
                        case "matching", "reconstruct", "mae" -> time(mode, () -> model.forward(input), warmup, iterations);
                        case "classification" -> { }
                        default -> throw new IllegalArgumentException("unknown mode " + mode);
                    }
                }
            }
        }
        if (modes.contains("classification")) {
            try (TvltForAudioVisualClassification model = TvltForAudioVisualClassification.create(config,
                    new HeadRandomWeights(config, HeadRandomWeights.Head.CLASSIFICATION, 42))) {
                TvltClassificationInput input = TvltClassificationInput.builder()
                        .pixelValues(in.pixels).audioValues(in.audio).pixelMask(in.pixelMask).audioMask(in.audioMask)
                        .labels(new LongTensor(new long[] {1}, 1)).build();
                time("classification", () -> model.forward(input), warmup, iterations);
            }
        }
        System.out.println("peak RSS " + rss("VmHWM"));
    }

    private static void time(String mode, Supplier<?> forward, int warmup, int iterations) throws IOException {
        for (int i = 0; i < warmup; i++) {
            long s = System.nanoTime();
            forward.get();
            System.out.printf("%s warmup %d: %.0f ms%n", mode, i, (System.nanoTime() - s) / 1e6);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            forward.get();
            times.add((System.nanoTime() - s) / 1e6);
        }
        times.sort(Double::compare);
        System.out.printf("%s: median %.0f ms (min %.0f, max %.0f) per forward, RSS %s, load average %.1f%n", mode,
                times.get(times.size() / 2), times.get(0), times.get(times.size() - 1), rss("VmRSS"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The benchmark's batch-1 input: random frames, a 10 s spectrogram zero-padded to 864 rows, masks. */
    private record Inputs(FloatTensor pixels, FloatTensor audio, FloatTensor pixelMask, FloatTensor audioMask) {

        static Inputs create(TvltConfig config) {
            int freq = config.frequencyLength();
            int pixelTokens = FRAMES * config.numPixelPatchesPerFrame();
            int audioTokens = (TIME / 16) * (freq / 16);
            int validAudio = (int) Math.ceil(VALID_ROWS / 16.0) * (freq / 16);
            SplittableRandom random = new SplittableRandom(7);
            float[] pixels = new float[FRAMES * 3 * 224 * 224];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[] audio = new float[TIME * freq];
            for (int i = 0; i < VALID_ROWS * freq; i++) {
                audio[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[] pixelMask = new float[pixelTokens];
            Arrays.fill(pixelMask, 1f);
            float[] audioMask = new float[audioTokens];
            Arrays.fill(audioMask, 0, validAudio, 1f);
            return new Inputs(FloatTensor.wrap(pixels, 1, FRAMES, 3, 224, 224), FloatTensor.wrap(audio, 1, 1, TIME, freq),
                    FloatTensor.wrap(pixelMask, 1, pixelTokens), FloatTensor.wrap(audioMask, 1, audioTokens));
        }
    }

    private static String rss(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.0f MB", kb / 1024.0);
            }
        }
        return "n/a";
    }
}
