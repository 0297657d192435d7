package ai.tvlt.examples.cli.embed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a float32 matrix in NumPy's NPY format, version 1.0: the magic {@code \x93NUMPY}, version bytes
 * 1 and 0, a little-endian uint16 header length, an ASCII header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }} padded with spaces and a newline so
 * that the data starts at a multiple of 64 bytes, then the N x D values, row-major, little-endian.
 * {@code numpy.load} reads it. Stateless.
 */
public final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;

    private NpyFormat() {
    }

    /**
     * @param rows N rows of D floats each
     * @param dimension D (the shape of an empty matrix is {@code (0, D)})
     * @param out where the file goes (not closed)
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when a row is not of size D
     */
    public static void writeFloat32(List<float[]> rows, int dimension, OutputStream out) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.size() + ", " + dimension + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer row = ByteBuffer.allocate(4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] values : rows) {
            if (values.length != dimension) {
                throw new IllegalArgumentException("row of " + values.length + " values in a matrix of width " + dimension);
            }
            row.clear();
            row.asFloatBuffer().put(values);
            out.write(row.array());
        }
    }
}
