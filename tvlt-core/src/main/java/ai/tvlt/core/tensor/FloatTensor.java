package ai.tvlt.core.tensor;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/**
 * An immutable row-major float32 tensor held on the Java heap: the exchange type of the public API
 * (preprocessing results, model inputs and outputs). Read one part without copying the rest with
 * {@link #slice(int...)} (e.g. the CLS vector {@code slice(b, 0)} of a [B, S, D] hidden state),
 * {@link #row(int)} or {@link #get(int)}.
 *
 * <p>Immutable and therefore thread-safe: the constructor, {@link #data()} and {@link #slice} copy.
 */
public final class FloatTensor {

    private final float[] data;
    private final long[] shape;

    /**
     * @param data row-major elements (copied)
     * @param shape dimensions (copied); its product must equal {@code data.length}
     */
    public FloatTensor(float[] data, long... shape) {
        this(nonNull(data).clone(), Shapes.copyOf(shape), true);
    }

    // Takes ownership of both arrays; the unused flag only distinguishes it from the public copying
    // constructor, whose varargs shape has the same erasure.
    private FloatTensor(float[] data, long[] shape, boolean owned) {
        Shapes.checkLength("tensor", data.length, shape);
        this.data = data;
        this.shape = shape;
    }

    /**
     * Wraps an array without copying; the caller must not modify it afterwards.
     *
     * @param data row-major elements, owned by the tensor from now on
     * @param shape dimensions
     * @return the tensor
     */
    public static FloatTensor wrap(float[] data, long... shape) {
        return new FloatTensor(nonNull(data), Shapes.copyOf(shape), true);
    }

    private static float[] nonNull(float[] data) {
        if (data == null) {
            throw new InvalidInputException("tensor data must not be null");
        }
        return data;
    }

    /**
     * @param shape dimensions
     * @return a tensor of zeros
     */
    public static FloatTensor zeros(long... shape) {
        return new FloatTensor(new float[Shapes.numelInt(shape)], Shapes.copyOf(shape), true);
    }

    /** @return the dimensions (a copy) */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * @param axis a dimension index (negative counts from the end)
     * @return its size
     */
    public long dim(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new InvalidInputException("axis " + axis + " out of range for shape " + Arrays.toString(shape));
        }
        return shape[a];
    }

    /** @return the rank */
    public int rank() {
        return shape.length;
    }

    /** @return the element count */
    public int size() {
        return data.length;
    }

    /** @return the elements, row-major (a copy) */
    public float[] data() {
        return data.clone();
    }

    /**
     * @param flatIndex a row-major index
     * @return the element
     */
    public float get(int flatIndex) {
        return data[flatIndex];
    }

    /**
     * Reads the elements without copying, for library code that only reads.
     *
     * @param dst destination array, at least {@link #size()} long
     * @param offset where to start writing in dst
     */
    public void copyTo(float[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    /**
     * The elements under leading indices, copying only them: for a [B, S, D] tensor {@code slice(b, s)} is
     * the D values of token s of row b, {@code slice(b)} the S*D values of row b.
     *
     * @param index 1 to rank indices, each within its dimension
     * @return the block's elements, row-major (a copy of that block only)
     * @throws InvalidInputException when there are too many indices or one is out of range
     */
    public float[] slice(int... index) {
        int start = offset(index);
        int length = Shapes.numelInt(Arrays.copyOfRange(shape, index.length, shape.length));
        return Arrays.copyOfRange(data, start, start + length);
    }

    /**
     * @param b an index of the first dimension
     * @return row b as a tensor of the remaining dimensions (a copy of that row only)
     * @throws InvalidInputException when b is out of range or the tensor has rank 0
     */
    public FloatTensor row(int b) {
        return new FloatTensor(slice(b), Arrays.copyOfRange(shape, 1, shape.length), true);
    }

    private int offset(int[] index) {
        if (index.length < 1 || index.length > shape.length) {
            throw new InvalidInputException("a slice takes 1 to " + shape.length + " indices, got " + index.length
                    + " for shape " + Arrays.toString(shape));
        }
        long offset = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            long i = axis < index.length ? index[axis] : 0;
            if (axis < index.length && (i < 0 || i >= shape[axis])) {
                throw new InvalidInputException("index " + i + " out of range for axis " + axis + " of shape "
                        + Arrays.toString(shape));
            }
            offset = offset * shape[axis] + i;
        }
        return (int) offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
