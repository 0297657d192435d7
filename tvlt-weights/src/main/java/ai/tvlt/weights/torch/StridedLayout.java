package ai.tvlt.weights.torch;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Offset, shape and strides (in elements) of a tensor view over a storage, as torch describes it.
 * Immutable. Construction rejects negative values and shapes whose element count or extent overflows a
 * long, so the arithmetic below cannot wrap.
 */
final class StridedLayout {

    /** Deeper tensors do not occur in checkpoints; the limit bounds the work per tensor. */
    static final int MAX_RANK = 64;

    private final long offset;
    private final long[] shape;
    private final long[] stride;
    private final long numel;
    private final long extent;

    /**
     * @param offset storage offset of element [0, ..., 0]
     * @param shape dimensions
     * @param stride step per dimension
     * @throws IllegalArgumentException when the values are impossible (the caller names the file)
     */
    StridedLayout(long offset, long[] shape, long[] stride) {
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds " + MAX_RANK);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        long n = 1;
        long last = 0;
        try {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new IllegalArgumentException("negative size or stride in shape " + Arrays.toString(shape)
                            + ", stride " + Arrays.toString(stride));
                }
                n = Math.multiplyExact(n, shape[i]);
                if (shape[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
                }
            }
            this.extent = n == 0 ? 0 : Math.addExact(Math.addExact(offset, last), 1);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " with stride "
                    + Arrays.toString(stride) + " overflows");
        }
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
        this.numel = n;
    }

    long offset() {
        return offset;
    }

    long[] shape() {
        return shape.clone();
    }

    long[] stride() {
        return stride.clone();
    }

    long numel() {
        return numel;
    }

    /** @return one past the last storage element the view touches (0 for an empty tensor) */
    long extent() {
        return extent;
    }

    /** @return whether the elements lie in row-major order without gaps from {@link #offset()} */
    boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return numel == 0;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * Gathers the view's elements in row-major order.
     *
     * @param storage the storage bytes from element {@link #offset()} on (at least
     *     {@code (extent() - offset()) * elementSize} bytes), absolute indexing from 0
     * @param elementSize bytes per element
     * @param out receives {@code numel() * elementSize} bytes at its position
     */
    void gather(ByteBuffer storage, int elementSize, ByteBuffer out) {
        if (numel == 0) {
            return;
        }
        int rank = shape.length;
        long[] index = new long[rank];
        long source = 0;
        byte[] element = new byte[elementSize];
        for (long k = 0; k < numel; k++) {
            storage.get(Math.toIntExact(source * elementSize), element);
            out.put(element);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                source += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                source -= stride[d] * index[d];
                index[d] = 0;
            }
        }
    }
}
