package ai.tvlt.core.tensor;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/**
 * An immutable row-major int64 tensor on the Java heap (ids, integer masks, class labels).
 * Immutable and therefore thread-safe.
 */
public final class LongTensor {

    private final long[] data;
    private final long[] shape;

    /**
     * @param data row-major elements (copied)
     * @param shape dimensions (copied)
     */
    public LongTensor(long[] data, long... shape) {
        if (data == null) {
            throw new InvalidInputException("tensor data must not be null");
        }
        Shapes.checkLength("tensor", data.length, shape);
        this.data = data.clone();
        this.shape = shape.clone();
    }

    /** @return the dimensions (a copy) */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the element count */
    public int size() {
        return data.length;
    }

    /** @return the elements (a copy) */
    public long[] data() {
        return data.clone();
    }

    /**
     * @param flatIndex a row-major index
     * @return the element
     */
    public long get(int flatIndex) {
        return data[flatIndex];
    }

    /**
     * Converts to float32, e.g. a processor's int64 {@code pixel_mask} for a model input, which takes
     * float masks as the reference does.
     *
     * @return the same values as a float tensor of the same shape
     */
    public FloatTensor toFloatTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = data[i];
        }
        return FloatTensor.wrap(f, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape);
    }
}
