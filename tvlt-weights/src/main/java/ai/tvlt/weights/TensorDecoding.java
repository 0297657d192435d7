package ai.tvlt.weights;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Conversions from a tensor's little-endian bytes to Java arrays or to any {@link FloatBuffer} /
 * {@link LongBuffer} (heap or native, e.g. an ND4J buffer). Float dtypes become float32 (F16 and BF16
 * widened exactly, F64 rounded to nearest); integer dtypes become longs (U8 and BOOL unsigned).
 * Stateless and thread-safe.
 */
public final class TensorDecoding {

    private TensorDecoding() {
    }

    /**
     * @param info the tensor
     * @param data exactly its bytes
     * @return the elements widened or rounded to float32
     */
    public static float[] toFloats(TensorInfo info, ByteBuffer data) {
        float[] out = new float[elementCount(info)];
        decodeFloats(info, data, FloatBuffer.wrap(out));
        return out;
    }

    /**
     * Decodes a tensor of any dtype to float32 into {@code dst}, starting at its position, which
     * advances by the element count.
     *
     * @param info the tensor
     * @param data exactly its bytes (not modified)
     * @param dst where to write, with at least {@code info.numel()} floats remaining
     */
    public static void decodeFloats(TensorInfo info, ByteBuffer data, FloatBuffer dst) {
        ByteBuffer b = checkedView(info, data);
        int n = elementCount(info);
        requireRoom(info, dst.remaining(), n);
        switch (info.dtype()) {
            case F32 -> dst.put(b.asFloatBuffer());
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst.put((float) b.getDouble(i * 8));
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.put(HalfFloats.halfToFloat(b.getShort(i * 2)));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.put(HalfFloats.bfloat16ToFloat(b.getShort(i * 2)));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dst.put(integerAt(info.dtype(), b, i));
                }
            }
        }
    }

    /**
     * @param info the tensor
     * @param data exactly its bytes
     * @return the elements as float64 (exact for every dtype but I64 beyond 2^53)
     */
    public static double[] toDoubles(TensorInfo info, ByteBuffer data) {
        ByteBuffer b = checkedView(info, data);
        double[] out = new double[elementCount(info)];
        switch (info.dtype()) {
            case F64 -> b.asDoubleBuffer().get(out);
            case F32 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getFloat(i * 4);
                }
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.halfToFloat(b.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.bfloat16ToFloat(b.getShort(i * 2));
                }
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = integerAt(info.dtype(), b, i);
                }
            }
        }
        return out;
    }

    /**
     * @param info an integer or boolean tensor
     * @param data exactly its bytes
     * @return the elements as longs (U8 and BOOL unsigned)
     * @throws InvalidInputException for a floating-point tensor
     */
    public static long[] toLongs(TensorInfo info, ByteBuffer data) {
        long[] out = new long[elementCount(info)];
        decodeLongs(info, data, LongBuffer.wrap(out));
        return out;
    }

    /**
     * Decodes an integer or boolean tensor into {@code dst}, starting at its position.
     *
     * @param info an integer or boolean tensor
     * @param data exactly its bytes (not modified)
     * @param dst where to write, with at least {@code info.numel()} longs remaining
     * @throws InvalidInputException for a floating-point tensor
     */
    public static void decodeLongs(TensorInfo info, ByteBuffer data, LongBuffer dst) {
        if (info.dtype().isFloatingPoint()) {
            throw new InvalidInputException("tensor '" + info.name() + "' has dtype " + info.dtype()
                    + "; an integer or boolean tensor was expected");
        }
        ByteBuffer b = checkedView(info, data);
        int n = elementCount(info);
        requireRoom(info, dst.remaining(), n);
        if (info.dtype() == DType.I64) {
            dst.put(b.asLongBuffer());
            return;
        }
        for (int i = 0; i < n; i++) {
            dst.put(integerAt(info.dtype(), b, i));
        }
    }

    /**
     * @param info a U8, I8 or BOOL tensor
     * @param data exactly its bytes
     * @return a copy of the bytes
     * @throws InvalidInputException for wider dtypes
     */
    public static byte[] toBytes(TensorInfo info, ByteBuffer data) {
        if (info.dtype().byteSize() != 1) {
            throw new InvalidInputException("tensor '" + info.name() + "' has dtype " + info.dtype()
                    + "; a one-byte dtype (U8, I8, BOOL) was expected");
        }
        byte[] out = new byte[elementCount(info)];
        checkedView(info, data).get(out);
        return out;
    }

    private static long integerAt(DType dtype, ByteBuffer b, int i) {
        return switch (dtype) {
            case I64 -> b.getLong(i * 8);
            case I32 -> b.getInt(i * 4);
            case I16 -> b.getShort(i * 2);
            case I8 -> b.get(i);
            case U8, BOOL -> b.get(i) & 0xFF;
            default -> throw new IllegalStateException(dtype + " is not an integer dtype");
        };
    }

    private static ByteBuffer checkedView(TensorInfo info, ByteBuffer data) {
        if (data.remaining() != info.byteSize()) {
            throw new InvalidInputException("tensor '" + info.name() + "' needs " + info.byteSize()
                    + " bytes, the buffer holds " + data.remaining());
        }
        return data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireRoom(TensorInfo info, int remaining, int needed) {
        if (remaining < needed) {
            throw new InvalidInputException("tensor '" + info.name() + "' has " + needed
                    + " elements, the destination has room for " + remaining);
        }
    }

    private static int elementCount(TensorInfo info) {
        long n = info.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("tensor '" + info.name() + "' has " + n
                    + " elements, more than a Java array holds; read it with rawData()");
        }
        return (int) n;
    }
}
