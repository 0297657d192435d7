package ai.tvlt.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Sgemm} on {@link NativeMatrix} blocks, {@link Linear}'s parallel row blocks and {@link RowParallel}. */
class ParallelProductsTest {

    @Test
    void sgemmOnStridedBlocksMatchesANaiveProductForEveryTransposition() {
        SplittableRandom random = new SplittableRandom(11);
        try (INDArray a = random(random, 40, 50); INDArray b = random(random, 60, 70); INDArray c = random(random, 30, 45)) {
            NativeMatrix am = NativeMatrix.of(a);
            NativeMatrix bm = NativeMatrix.of(b);
            NativeMatrix cm = NativeMatrix.of(c);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    // op(A) is 7x9, op(B) is 9x11, C is a 7x11 block inside c; the rest of c must stay unchanged.
                    NativeMatrix ab = ta ? am.block(3, 9, 5, 7) : am.block(3, 7, 5, 9);
                    NativeMatrix bb = tb ? bm.block(2, 11, 4, 9) : bm.block(2, 9, 4, 11);
                    float[] before = c.data().asFloat();
                    Sgemm.multiply(ab, ta, bb, tb, cm.block(6, 7, 8, 11), 0.5f, 1f);
                    float[] after = c.data().asFloat();
                    for (int i = 0; i < 30; i++) {
                        for (int j = 0; j < 45; j++) {
                            double expected = before[i * 45 + j];
                            if (i >= 6 && i < 13 && j >= 8 && j < 19) {
                                for (int k = 0; k < 9; k++) {
                                    double x = ta ? a.getFloat(3 + k, 5 + (i - 6)) : a.getFloat(3 + (i - 6), 5 + k);
                                    double y = tb ? b.getFloat(2 + (j - 8), 4 + k) : b.getFloat(2 + k, 4 + (j - 8));
                                    expected += 0.5 * x * y;
                                }
                            }
                            assertEquals(expected, after[i * 45 + j], 1e-5, "ta=" + ta + " tb=" + tb + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void sgemmRejectsShapesThatDoNotFit() {
        try (INDArray a = Nd4j.create(DataType.FLOAT, 4, 5); INDArray c = Nd4j.create(DataType.FLOAT, 4, 4)) {
            NativeMatrix m = NativeMatrix.of(a);
            assertThrows(IllegalArgumentException.class,
                    () -> Sgemm.multiply(m, false, m, false, NativeMatrix.of(c), 1f, 0f));
            assertThrows(IndexOutOfBoundsException.class, () -> m.block(2, 3, 0, 5));
        }
    }

    @Test
    void linearSplitsTallInputsIntoParallelRowBlocks() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 3001;
        try (INDArray x = random(random, rows, 64); INDArray out = random(random, rows, 96)) {
            INDArray weight = random(random, 96, 64);
            float[] w = weight.data().asFloat();
            Linear linear = new Linear(weight, null);
            float[] residual = out.data().asFloat();
            try (ComputeThreads threads = ComputeThreads.of(3)) {
                threads.run(() -> {
                    assertEquals(3, RowParallel.lanes());
                    assertTrue(linear.chunks(rows) >= RowParallel.lanes(), "chunks " + linear.chunks(rows));
                    linear.accumulate(x, out);
                    return null;
                });
            }
            float[] y = out.data().asFloat();
            for (int r = 0; r < rows; r += 7) {
                for (int o = 0; o < 96; o++) {
                    double expected = residual[r * 96 + o];
                    for (int k = 0; k < 64; k++) {
                        expected += (double) x.getFloat(r, k) * w[o * 64 + k];
                    }
                    assertEquals(expected, y[r * 96 + o], 1e-4, "row " + r + " output " + o);
                }
            }
            linear.close();
        }
    }

    @Test
    void everyTaskRunsOnceOnAValidLane() {
        int tasks = 1000;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        AtomicIntegerArray busy = new AtomicIntegerArray(3);
        try (ComputeThreads threads = ComputeThreads.of(3)) {
            threads.run(() -> {
                RowParallel.forEachTask(tasks, (lane, task) -> {
                    assertEquals(0, busy.getAndIncrement(lane), "lane " + lane + " used twice at once");
                    runs.incrementAndGet(task);
                    busy.decrementAndGet(lane);
                });
                return null;
            });
        }
        for (int t = 0; t < tasks; t++) {
            assertEquals(1, runs.get(t), "task " + t);
        }
    }

    @Test
    void aFailingTaskStopsTheLoopAndIsRethrown() {
        try (ComputeThreads threads = ComputeThreads.of(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> threads.run(() -> {
                RowParallel.forEachTask(100, (lane, task) -> {
                    if (task == 37) {
                        throw new IllegalStateException("task 37");
                    }
                });
                return null;
            }));
            assertEquals("task 37", e.getMessage());
        }
    }

    private static INDArray random(SplittableRandom random, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
}
