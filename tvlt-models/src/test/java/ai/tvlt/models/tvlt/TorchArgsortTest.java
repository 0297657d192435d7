package ai.tvlt.models.tvlt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.weights.testing.GoldenCase;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TorchArgsort against torch.argsort's output stored in the golden cases (aux.*_ids_shuffle). */
class TorchArgsortTest {

    static Stream<String> casesWithShuffle() {
        return Stream.of(
                "tiny-pretraining/cases/tvltmodel_mask_pixel_audio",
                "tiny-pretraining/cases/pretraining_train_loss",
                "tiny-pretraining/cases/pretraining_train_nomask_hidden_attn",
                "tiny-pretraining/cases/pretraining_train_cls_mask_quirk",
                "tiny-pretraining-patch-meanpool/cases/pretraining_train_patchlevel",
                "small-realistic/cases/encoder_masked_ties");
    }

    @ParameterizedTest
    @MethodSource("casesWithShuffle")
    void reproducesTorchTieOrder(String name) {
        try (GoldenCase c = GoldenCase.open("models/" + name + ".safetensors")) {
            int checked = 0;
            for (String kind : new String[] {"pixel", "audio"}) {
                String noiseKey = "input." + kind + "_mask_noise";
                String idsKey = "aux." + kind + "_ids_shuffle";
                if (!c.has(noiseKey) || !c.has(idsKey)) {
                    continue;
                }
                float[] noise = c.floats(noiseKey);
                long[] shape = c.shape(noiseKey);
                int batch = (int) shape[0];
                int len = (int) shape[1];
                long[] actual = new long[batch * len];
                for (int b = 0; b < batch; b++) {
                    float[] row = new float[len];
                    System.arraycopy(noise, b * len, row, 0, len);
                    int[] ids = TorchArgsort.argsort(row);
                    for (int i = 0; i < len; i++) {
                        actual[b * len + i] = ids[i];
                    }
                }
                c.assertExact(idsKey, actual, shape);
                checked++;
            }
            assertTrue(checked > 0, "no noise/ids pair in " + name);
        }
    }

    @Test
    void sortsTiedSortedAndReversedInputsIntoAscendingPermutations() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 15, 16, 17, 33, 200, 2048}) {
            for (int kind = 0; kind < 4; kind++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (kind) {
                        case 0 -> random.nextInt(4);
                        case 1 -> n - i;
                        case 2 -> 1f;
                        default -> (i % 2 == 0) ? i : n - i;
                    };
                }
                int[] ids = TorchArgsort.argsort(v);
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    assertTrue(!seen[ids[i]], "index repeated");
                    seen[ids[i]] = true;
                    if (i > 0) {
                        assertTrue(v[ids[i - 1]] <= v[ids[i]], "not ascending at " + i);
                    }
                }
                int[] inv = TorchArgsort.inverse(ids);
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(new int[] {i}, new int[] {ids[inv[i]]});
                }
            }
        }
    }
}
