package ai.tvlt.weights;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions from a tensor's little-endian bytes to Java arrays. Stateless. */
public final class TensorDecoding {

    private TensorDecoding() {
    }

    /**
     * @param info the tensor
     * @param data exactly its bytes
     * @return the elements widened or rounded to float32
     */
    public static float[] toFloats(TensorInfo info, ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[elementCount(info)];
        switch (info.dtype()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble(i * 8);
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
                long[] longs = toLongs(info, data);
                for (int i = 0; i < out.length; i++) {
                    out[i] = longs[i];
                }
            }
        }
        return out;
    }

    /**
     * @param info the tensor
     * @param data exactly its bytes
     * @return the elements as float64
     */
    public static double[] toDoubles(TensorInfo info, ByteBuffer data) {
        double[] out = new double[elementCount(info)];
        if (info.dtype() == DType.F64) {
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        } else if (info.dtype().isFloatingPoint()) {
            float[] f = toFloats(info, data);
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
        } else {
            long[] l = toLongs(info, data);
            for (int i = 0; i < out.length; i++) {
                out[i] = l[i];
            }
        }
        return out;
    }

    /**
     * @param info an integer or boolean tensor
     * @param data exactly its bytes
     * @return the elements as longs (U8 unsigned)
     */
    public static long[] toLongs(TensorInfo info, ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[elementCount(info)];
        switch (info.dtype()) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt(i * 4);
                }
            }
            case I16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort(i * 2);
                }
            }
            case I8 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i) & 0xFF;
                }
            }
            default -> throw new InvalidInputException("tensor '" + info.name() + "' has dtype "
                    + info.dtype() + "; an integer or boolean tensor was expected");
        }
        return out;
    }

    /**
     * @param info a U8, I8 or BOOL tensor
     * @param data exactly its bytes
     * @return a copy of the bytes
     */
    public static byte[] toBytes(TensorInfo info, ByteBuffer data) {
        if (info.dtype().byteSize() != 1) {
            throw new InvalidInputException("tensor '" + info.name() + "' has dtype " + info.dtype()
                    + "; a one-byte dtype (U8, I8, BOOL) was expected");
        }
        byte[] out = new byte[elementCount(info)];
        data.duplicate().get(out);
        return out;
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
