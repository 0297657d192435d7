package ai.tvlt.core.tensor;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable row-major float32 tensor held on the Java heap: the exchange type of the public API
 * (preprocessing results, model inputs and outputs). Convert with {@link #toNd4j()} when ND4J is wanted;
 * the ND4J array is a copy the caller owns (close it to free its native memory early).
 *
 * <p>Immutable and therefore thread-safe: the constructor and {@link #data()} copy.
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

    /**
     * Copies an ND4J array of any numeric type into a float32 heap tensor.
     *
     * @param array the array (any order)
     * @return the tensor
     */
    public static FloatTensor fromNd4j(INDArray array) {
        INDArray f = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        long[] shape = f.shape();
        float[] values = Shapes.numel(shape) == 0 ? new float[0] : f.dup('c').data().asFloat();
        return new FloatTensor(values, shape, true);
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

    /** @return a new C-ordered float32 ND4J array holding a copy of the data */
    public INDArray toNd4j() {
        if (data.length == 0) {
            return Nd4j.create(DataType.FLOAT, shape);
        }
        return Nd4j.create(data, shape, 'c');
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
