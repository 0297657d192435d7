package ai.tvlt.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Heap tensors: shape checks, copies, slices and the mask conversion. */
class TensorsTest {

    @Test
    void floatTensorCopiesAndSlices() {
        float[] values = {1, 2, 3, 4, 5, 6};
        FloatTensor t = new FloatTensor(values, 2, 3);
        assertArrayEquals(new float[] {4, 5, 6}, t.slice(1));
        assertArrayEquals(new float[] {6}, t.slice(1, 2));
        assertEquals(new FloatTensor(new float[] {1, 2, 3}, 3), t.row(0));
        FloatTensor cube = new FloatTensor(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertArrayEquals(new float[] {8, 9}, cube.slice(1, 1));
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, cube.slice(1));
        assertThrows(InvalidInputException.class, () -> cube.slice(2));
        assertThrows(InvalidInputException.class, () -> cube.slice(0, 3));
        assertThrows(InvalidInputException.class, () -> cube.slice(0, 0, 0, 0));
        values[0] = 99;
        assertEquals(1f, t.get(0), "the constructor copies");
        t.data()[1] = 99;
        assertEquals(2f, t.get(1), "data() copies");
    }

    @Test
    void zeroSizeTensorsWork() {
        FloatTensor t = FloatTensor.zeros(1, 0, 128);
        assertEquals(0, t.size());
        assertArrayEquals(new float[0], t.slice(0));
    }

    @Test
    void longTensorConvertsToFloat() {
        LongTensor mask = new LongTensor(new long[] {1, 1, 0, 1, 0, 0}, 2, 3);
        FloatTensor f = mask.toFloatTensor();
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, f.data());
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
