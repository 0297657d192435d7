package ai.tvlt.models.tvlt;

import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child process of {@link TvltModelMemoryTest}, with the golden {@code small-realistic} model and its
 * realistic case {@code encoder_8frames_audio400} (8 frames of 224x224, 400 spectrogram rows: 1769 tokens).
 * Prints one {@code key=value} per line on stdout; resident sets are {@code VmRSS} of {@code /proc/self/status}
 * in kB.
 *
 * <ul>
 *   <li>{@code forwards W N E}: one model, W warm-up forwards, then N more; the resident set after the warm-up
 *       and after every E forwards.</li>
 *   <li>{@code lifecycles W N}: N times load the model, run one forward and close it, keeping every closed model
 *       strongly reachable (so the garbage collector cannot free what {@code close()} leaves behind); the
 *       resident set after W cycles and after all N.</li>
 * </ul>
 */
final class MemoryProbe {

    private MemoryProbe() {
    }

    /**
     * @param args the mode and its counts (see the class comment)
     * @throws IOException when /proc cannot be read
     */
    public static void main(String[] args) throws IOException {
        TvltModelInput input;
        try (GoldenCase c = GoldenCase.open("models/small-realistic/cases/encoder_8frames_audio400.safetensors")) {
            input = GoldenModelCases.input(c);
        }
        Path checkpoint = GoldenFiles.resolve("models/small-realistic");
        int warmup = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        if (args[0].equals("forwards")) {
            int every = Integer.parseInt(args[3]);
            try (TvltModel model = TvltModel.fromPretrained(checkpoint)) {
                for (int i = 0; i < warmup; i++) {
                    model.forward(input);
                }
                print("rss_kb_after_warmup", rssKb());
                long start = System.nanoTime();
                for (int i = 1; i <= count; i++) {
                    model.forward(input);
                    if (i % every == 0) {
                        print("rss_kb_after_" + i, rssKb());
                    }
                }
                print("us_per_forward", (System.nanoTime() - start) / 1000 / count);
            }
        } else {
            List<TvltModel> closed = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                TvltModel model = TvltModel.fromPretrained(checkpoint);
                model.forward(input);
                model.close();
                closed.add(model);
                if (i == warmup) {
                    print("rss_kb_after_warmup", rssKb());
                }
            }
            print("rss_kb_after_all", rssKb());
            print("closed_models_held", closed.size());
        }
        print("nd4j_tracked_bytes", Nd4j.getMemoryManager().allocatedMemory(0));
        System.out.println("done=true");
    }

    private static void print(String key, long value) {
        System.out.println(key + "=" + value);
    }

    /** @return VmRSS of this process in kB */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
