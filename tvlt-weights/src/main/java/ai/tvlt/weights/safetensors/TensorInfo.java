package ai.tvlt.weights.safetensors;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: name, dtype, shape and byte span relative to the start
 * of the data area. Immutable.
 *
 * @param name tensor name
 * @param dtype element type
 * @param shape dimensions (row-major); empty for a scalar
 * @param begin first byte, relative to the data area
 * @param end one past the last byte, relative to the data area
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /** Copies the shape so the record stays immutable. */
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements (1 for a scalar, 0 when a dimension is 0) */
    public long numel() {
        return numel(shape);
    }

    /** @return the size of the tensor's data in bytes */
    public long byteSize() {
        return end - begin;
    }

    /**
     * Element count of a shape, failing on overflow.
     *
     * @param shape dimensions, each non-negative
     * @return their product
     * @throws ArithmeticException on overflow
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
