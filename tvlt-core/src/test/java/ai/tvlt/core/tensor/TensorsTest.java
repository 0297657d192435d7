package ai.tvlt.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Heap tensors: shape checks, copies, ND4J round trips and the mask conversion. */
class TensorsTest {

    @Test
    void floatTensorRoundTripsThroughNd4j() {
        float[] values = {1, 2, 3, 4, 5, 6};
        FloatTensor t = new FloatTensor(values, 2, 3);
        try (INDArray a = t.toNd4j()) {
            assertArrayEquals(new long[] {2, 3}, a.shape());
            assertEquals(6f, a.getFloat(1, 2));
            assertEquals(t, FloatTensor.fromNd4j(a));
            assertEquals(t, FloatTensor.fromNd4j(a.transpose().transpose()));
        }
        values[0] = 99;
        assertEquals(1f, t.get(0), "the constructor copies");
        t.data()[1] = 99;
        assertEquals(2f, t.get(1), "data() copies");
    }

    @Test
    void zeroSizeTensorsWork() {
        FloatTensor t = FloatTensor.zeros(1, 0, 128);
        assertEquals(0, t.size());
        try (INDArray a = t.toNd4j()) {
            assertArrayEquals(new long[] {1, 0, 128}, a.shape());
        }
    }

    @Test
    void longTensorConvertsToFloatAndNd4j() {
        LongTensor mask = new LongTensor(new long[] {1, 1, 0, 1, 0, 0}, 2, 3);
        FloatTensor f = mask.toFloatTensor();
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, f.data());
        try (INDArray a = mask.toNd4j()) {
            assertEquals(mask, LongTensor.fromNd4j(a));
        }
    }

    @Test
    void shapeMismatchesAreRejectedWithTheShape() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FloatTensor(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new LongTensor(new long[1], -1));
        assertThrows(InvalidInputException.class, () -> Shapes.numelInt(1L << 20, 1L << 20));
        assertThrows(InvalidInputException.class,
                () -> Shapes.checkRank("pixel_values", new long[] {1, 2}, 5, "[B, T, C, H, W]"));
        assertThrows(InvalidInputException.class, () -> new FloatTensor(new float[6], 2, 3).dim(2));
        assertEquals(3, new FloatTensor(new float[6], 2, 3).dim(-1));
    }
}
