package ai.tvlt.models.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A row-major float32 matrix, or a rectangular block of one, in the native memory of an ND4J array:
 * what a BLAS call takes (base address, offset, rows, columns, row stride). Blocks are addressed by
 * offset and stride, so they cost no copy and no ND4J view object. An immutable description; the array
 * it was taken from must stay open while it is used.
 */
public final class NativeMatrix {

    private final INDArray owner;
    private final long offset;
    private final int rows;
    private final int cols;
    private final int stride;

    private NativeMatrix(INDArray owner, long offset, int rows, int cols, int stride) {
        this.owner = owner;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.stride = stride;
    }

    /**
     * @param array a contiguous C-ordered float32 array (not a view); its last dimension is the row
     *     length and all leading dimensions are flattened into rows
     * @return the whole array as a matrix
     */
    public static NativeMatrix of(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView() || array.rank() < 1) {
            throw new IllegalArgumentException("expected a contiguous C-ordered float32 array, got "
                    + array.shapeInfoToString());
        }
        int cols = (int) array.size(array.rank() - 1);
        int rows = cols == 0 ? 0 : Math.toIntExact(array.length() / cols);
        return new NativeMatrix(array, 0, rows, cols, cols);
    }

    /** @return number of rows */
    public int rows() {
        return rows;
    }

    /** @return number of columns */
    public int cols() {
        return cols;
    }

    /** @return elements between the starts of two consecutive rows (the BLAS leading dimension) */
    public int stride() {
        return stride;
    }

    /**
     * @param from first row
     * @param count number of rows
     * @return rows {@code [from, from + count)}
     */
    public NativeMatrix rows(int from, int count) {
        return block(from, count, 0, cols);
    }

    /**
     * @param row first row
     * @param rowCount number of rows
     * @param col first column
     * @param colCount number of columns
     * @return the block
     */
    public NativeMatrix block(int row, int rowCount, int col, int colCount) {
        if (row < 0 || rowCount < 0 || row + rowCount > rows || col < 0 || colCount < 0 || col + colCount > cols) {
            throw new IndexOutOfBoundsException("block [" + row + "+" + rowCount + ", " + col + "+" + colCount
                    + "] of a " + rows + "x" + cols + " matrix");
        }
        return new NativeMatrix(owner, offset + (long) row * stride + col, rowCount, colCount, stride);
    }

    /**
     * @param rowCount rows of the view
     * @param colCount columns of the view
     * @return the first {@code rowCount * colCount} elements of this whole array as a dense
     *     [rowCount, colCount] matrix (row stride colCount): a smaller block in a scratch array, laid
     *     out without gaps between its rows
     */
    public NativeMatrix dense(int rowCount, int colCount) {
        if (offset != 0 || stride != cols) {
            throw new IllegalArgumentException("a dense view needs a whole array, not a block");
        }
        if (rowCount < 0 || colCount < 0 || (long) rowCount * colCount > (long) rows * cols) {
            throw new IndexOutOfBoundsException("dense " + rowCount + "x" + colCount + " view of a " + rows + "x" + cols
                    + " array");
        }
        return new NativeMatrix(owner, 0, rowCount, colCount, colCount);
    }

    /** @return a pointer to the first element, for a BLAS call */
    FloatPointer pointer() {
        return new FloatPointer(owner.data().addressPointer()).position(offset);
    }
}
