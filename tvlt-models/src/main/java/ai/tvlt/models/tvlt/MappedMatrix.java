package ai.tvlt.models.tvlt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 weight matrix used in place from the checkpoint's memory-mapped file: an ND4J array over
 * the mapped bytes, with no copy and no fresh native memory.
 *
 * <p>Why: copying the weights into freshly allocated native memory costs one page fault per 4 KiB page
 * of destination (a base-size checkpoint is 344 MB, about 84,000 faults, measured at about 1.4 s of CPU
 * on the project's virtual machine), while the mapped file's pages come from the page cache, several
 * per fault. The mapping stays alive as long as the array: the pointer holds the mapped buffer, and ND4J
 * neither frees nor writes memory it did not allocate (an externally owned buffer). The products only
 * read weights; the mapping is read-only, so a stray write would fault instead of changing the file.
 *
 * <p>Used only where it is exact: a contiguous little-endian F32 tensor (what {@code rawData} maps) on a
 * little-endian CPU, at a 4-byte aligned address; anything else is copied as before.
 */
final class MappedMatrix {

    private MappedMatrix() {
    }

    /** A pointer to mapped floats that keeps their mapping reachable for as long as it is. */
    private static final class MappedFloats extends FloatPointer {
        @SuppressWarnings("unused") // held only to keep the mapping alive
        private final FloatBuffer mapping;

        MappedFloats(FloatBuffer mapping) {
            super(mapping);
            this.mapping = mapping;
        }
    }

    /**
     * @param raw a tensor's stored bytes (F32, little-endian), as the store returns them
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @return a C-ordered [rows, cols] float32 array over those bytes, or null when they cannot be used in
     *     place (not a mapped/direct buffer, big-endian CPU, unaligned, or of another size)
     */
    static INDArray wrap(ByteBuffer raw, int rows, int cols) {
        long n = (long) rows * cols;
        if (!raw.isDirect() || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
                || raw.remaining() != n * Float.BYTES || n == 0) {
            return null;
        }
        FloatBuffer floats = raw.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        MappedFloats pointer = new MappedFloats(floats);
        if (pointer.isNull() || pointer.address() % Float.BYTES != 0 || pointer.limit() != n) {
            return null;
        }
        DataBuffer buffer = Nd4j.createBuffer(pointer, DataType.FLOAT, n, FloatIndexer.create(pointer));
        return Nd4j.create(buffer, new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
    }
}
