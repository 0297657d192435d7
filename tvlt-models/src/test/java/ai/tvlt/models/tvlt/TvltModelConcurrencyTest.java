package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** forward from several threads at once gives the single-threaded results; close ends use. */
class TvltModelConcurrencyTest {

    private static final String[] CASES = {
        "tvltmodel_basic", "tvltmodel_fewer_frames_ragged_audio", "tvltmodel_mask_pixel_audio",
        "tvltmodel_padded_batch2_hidden_attn"};

    @Test
    void concurrentForwardsMatchSequentialOnes() throws Exception {
        try (TvltModel model = TvltModel.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"))) {
            List<TvltModelInput> inputs = new ArrayList<>();
            List<float[]> sequential = new ArrayList<>();
            for (String name : CASES) {
                try (GoldenCase c = GoldenCase.open("models/tiny-pretraining/cases/" + name + ".safetensors")) {
                    TvltModelInput in = GoldenModelCases.input(c);
                    inputs.add(in);
                    sequential.add(model.forward(in).lastHiddenState().data());
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    futures.add(pool.submit(() -> {
                        for (int r = 0; r < 6; r++) {
                            int i = (r + offset) % CASES.length;
                            assertArrayEquals(sequential.get(i), model.forward(inputs.get(i)).lastHiddenState().data(),
                                    CASES[i] + " differs when run concurrently");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void forwardAfterCloseThrows() {
        TvltModel model = TvltModel.fromPretrained(GoldenFiles.resolve("models/tiny-pretraining"));
        try (GoldenCase c = GoldenCase.open("models/tiny-pretraining/cases/tvltmodel_basic.safetensors")) {
            TvltModelInput in = GoldenModelCases.input(c);
            model.forward(in);
            model.close();
            model.close();
            assertThrows(ClosedException.class, () -> model.forward(in));
        }
    }
}
