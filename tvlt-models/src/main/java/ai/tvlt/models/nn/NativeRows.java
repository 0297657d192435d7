package ai.tvlt.models.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row access to a C-ordered float32 ND4J matrix through a direct {@link FloatBuffer} over its native
 * memory: bulk copies of a row (or part of one) to and from a heap array, so that the Java kernels run
 * on heap arrays the JIT can vectorise. Instances are cheap views; the underlying array must outlive
 * them. Not thread-safe for writes to the same row.
 */
public final class NativeRows {

    private final FloatBuffer buffer;
    private final int cols;

    private NativeRows(FloatBuffer buffer, int cols) {
        this.buffer = buffer;
        this.cols = cols;
    }

    /**
     * @param matrix a contiguous C-ordered float32 array whose last dimension is the row length
     * @return row access to it
     */
    public static NativeRows of(INDArray matrix) {
        if (matrix.dataType() != DataType.FLOAT || matrix.ordering() != 'c' || matrix.isView()) {
            throw new IllegalArgumentException("expected a contiguous C-ordered float32 array, got "
                    + matrix.shapeInfoToString());
        }
        return new NativeRows(matrix.data().asNioFloat(), (int) matrix.size(matrix.rank() - 1));
    }

    /**
     * @param length the row length of the view, at least 1
     * @return the same memory from its start, viewed as rows of {@code length} values (for a dense
     *     block stored at the start of a larger scratch array, see {@link NativeMatrix#dense})
     */
    public NativeRows withRowLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("row length must be positive, got " + length);
        }
        return new NativeRows(buffer, length);
    }

    /** @return the row length */
    public int cols() {
        return cols;
    }

    /**
     * @param row row index
     * @param dst destination, at least {@link #cols()} long
     */
    public void read(int row, float[] dst) {
        buffer.get(row * cols, dst, 0, cols);
    }

    /**
     * Copies {@code length} consecutive values from row {@code row}, column {@code col} on (several
     * consecutive rows when {@code length} exceeds the rest of the row).
     *
     * @param row row index
     * @param col first column
     * @param dst destination
     * @param dstOffset where to start in dst
     * @param length how many values
     */
    public void read(int row, int col, float[] dst, int dstOffset, int length) {
        buffer.get(row * cols + col, dst, dstOffset, length);
    }

    /**
     * @param row row index
     * @param src values, at least {@link #cols()} long
     */
    public void write(int row, float[] src) {
        buffer.put(row * cols, src, 0, cols);
    }

    /**
     * Copies {@code length} values to row {@code row}, column {@code col} on (several consecutive rows
     * when {@code length} exceeds the rest of the row).
     *
     * @param row row index
     * @param col first column
     * @param src values
     * @param srcOffset where to start in src
     * @param length how many values
     */
    public void write(int row, int col, float[] src, int srcOffset, int length) {
        buffer.put(row * cols + col, src, srcOffset, length);
    }
}
