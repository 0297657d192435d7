package ai.tvlt.models.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_data_type_undef;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_sum;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

import ai.tvlt.core.error.InvalidInputException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * {@code out = x W^T} (or {@code out += x W^T}) with W held as bfloat16 only, computed by oneDNN's
 * matmul with bf16 inputs and float32 accumulation and output: what {@link Linear} does in
 * {@link Precision#BF16}. The input rows are rounded to bf16 (round to nearest even) on the calling
 * thread first. oneDNN is used because neither OpenBLAS build of the JavaCPP family exports
 * {@code cblas_sbgemm}, and Java 17's Vector API has no bf16 type or bf16 dot-product operation
 * ({@code VDPBF16PS}), so a Java kernel could only widen bf16 to float32 and multiply at fp32 speed.
 *
 * <p>Like {@link Sgemm}, every product runs on its calling thread; {@link Linear} and the layers
 * parallelise by row blocks. Immutable after construction and thread-safe (per-thread streams and
 * scratch, see {@link Dnnl}); {@link #close()} frees the native bf16 weight.
 */
public final class Bf16Matmul implements AutoCloseable {

    private final ShortPointer weight;
    private final int out;
    private final int in;

    /**
     * @param weight float32 [out, in] row-major weight; rounded to bf16 into a native copy owned here
     * @param out output features
     * @param in input features
     */
    Bf16Matmul(NativeMatrix weight, int out, int in) {
        requireSupported();
        this.out = out;
        this.in = in;
        this.weight = new ShortPointer((long) out * in);
        FloatPointer src = weight.pointer();
        long base = src.position();
        float[] row = new float[in];
        short[] converted = new short[in];
        for (int r = 0; r < out; r++) {
            src.position(base + (long) r * weight.stride()).get(row, 0, in);
            toBf16(row, converted, in);
            this.weight.position((long) r * in).put(converted, 0, in);
        }
        this.weight.position(0);
    }

    /**
     * Checks that bf16 products can run here: oneDNN loads, and the CPU has AVX512_BF16 or AMX.
     *
     * @throws InvalidInputException with the reason when they cannot
     */
    public static void requireSupported() {
        Dnnl dnnl = Dnnl.get();
        if (!dnnl.supportsBf16()) {
            throw new InvalidInputException("precision bf16 needs a CPU with AVX512_BF16 or AMX bf16 instructions; "
                    + "this CPU has neither (use precision fp32)");
        }
    }

    /**
     * @param x [rows, in] float32 input block
     * @param result [rows, out] float32 output block
     * @param accumulate whether to add to the output instead of overwriting it
     */
    void multiply(NativeMatrix x, NativeMatrix result, boolean accumulate) {
        int rows = x.rows();
        if (x.cols() != in || result.cols() != out || result.rows() != rows) {
            throw new IllegalArgumentException("bf16 matmul shapes do not fit: x " + rows + "x" + x.cols() + ", W "
                    + out + "x" + in + ", out " + result.rows() + "x" + result.cols());
        }
        if (rows == 0 || out == 0) {
            return;
        }
        Dnnl dnnl = Dnnl.get();
        Dnnl.ThreadState thread = dnnl.thread();
        ShortPointer src = thread.scratch((long) rows * in);
        convertRows(x, src);
        dnnl_memory_desc srcMd = desc(rows, in, dnnl_bf16, in, 1);
        dnnl_memory_desc weightMd = desc(in, out, dnnl_bf16, 1, in);
        dnnl_memory_desc dstMd = desc(rows, out, dnnl_f32, result.stride(), 1);
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops ops = new dnnl_post_ops();
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        dnnl_primitive primitive = new dnnl_primitive();
        dnnl_memory srcMem = new dnnl_memory();
        dnnl_memory weightMem = new dnnl_memory();
        dnnl_memory dstMem = new dnnl_memory();
        try (dnnl_exec_arg_t args = new dnnl_exec_arg_t(3)) {
            Dnnl.check(dnnl_primitive_attr_create(attr), "create matmul attributes");
            if (accumulate) {
                Dnnl.check(dnnl_post_ops_create(ops), "create post-ops");
                Dnnl.check(dnnl_post_ops_append_sum(ops, 1f, 0, dnnl_data_type_undef), "append the sum post-op");
                Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, ops), "set post-ops");
            }
            Dnnl.check(dnnl_matmul_primitive_desc_create(pd, dnnl.engine(), srcMd, weightMd, null, dstMd, attr),
                    "describe a bf16 matmul " + rows + "x" + in + "x" + out);
            Dnnl.check(dnnl_primitive_create(primitive, pd), "create the matmul");
            Dnnl.check(dnnl_memory_create(srcMem, srcMd, dnnl.engine(), handle(src, 2)), "wrap the input");
            Dnnl.check(dnnl_memory_create(weightMem, weightMd, dnnl.engine(), handle(weight, 2)), "wrap the weight");
            Dnnl.check(dnnl_memory_create(dstMem, dstMd, dnnl.engine(), handle(result.pointer(), 4)), "wrap the output");
            args.position(0).arg(DNNL_ARG_SRC).memory(srcMem);
            args.position(1).arg(DNNL_ARG_WEIGHTS).memory(weightMem);
            args.position(2).arg(DNNL_ARG_DST).memory(dstMem);
            args.position(0);
            Dnnl.check(dnnl_primitive_execute(primitive, thread.stream, 3, args), "run the matmul");
            Dnnl.check(dnnl_stream_wait(thread.stream), "wait for the matmul");
        } finally {
            destroyQuietly(srcMem, weightMem, dstMem);
            if (!primitive.isNull()) {
                dnnl_primitive_destroy(primitive);
            }
            if (!pd.isNull()) {
                dnnl_primitive_desc_destroy(pd);
            }
            if (!ops.isNull()) {
                dnnl_post_ops_destroy(ops);
            }
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
            dnnl_memory_desc_destroy(srcMd);
            dnnl_memory_desc_destroy(weightMd);
            dnnl_memory_desc_destroy(dstMd);
        }
    }

    /**
     * The element a typed pointer is positioned at, as an untyped pointer with no position: JavaCPP
     * offsets a {@code void*} argument by its position in bytes, not in elements.
     */
    private static Pointer handle(Pointer typed, int elementBytes) {
        long target = typed.address() + typed.position() * elementBytes;
        return new Pointer() {
            {
                this.address = target;
            }
        };
    }

    private static void destroyQuietly(dnnl_memory... memories) {
        for (dnnl_memory m : memories) {
            if (!m.isNull()) {
                dnnl_memory_destroy(m);
            }
        }
    }

    private static dnnl_memory_desc desc(long rows, long cols, int type, long rowStride, long colStride) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        Dnnl.check(dnnl_memory_desc_create_with_strides(md, 2, new long[] {rows, cols}, type,
                new long[] {rowStride, colStride}), "describe a " + rows + "x" + cols + " matrix");
        return md;
    }

    /** Rounds the rows of {@code x} to bf16 into the contiguous {@code dst}. */
    private void convertRows(NativeMatrix x, ShortPointer dst) {
        FloatPointer src = x.pointer();
        long base = src.position();
        float[] row = new float[in];
        short[] converted = new short[in];
        for (int r = 0; r < x.rows(); r++) {
            src.position(base + (long) r * x.stride()).get(row, 0, in);
            toBf16(row, converted, in);
            dst.position((long) r * in).put(converted, 0, in);
        }
        dst.position(0);
    }

    /**
     * float32 to bfloat16 with round-to-nearest-even (what oneDNN and PyTorch do); NaN stays a quiet NaN.
     */
    static void toBf16(float[] src, short[] dst, int n) {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(src[i]);
            if ((bits & 0x7fffffff) > 0x7f800000) {
                dst[i] = (short) ((bits >>> 16) | 0x40);
            } else {
                dst[i] = (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
            }
        }
    }

    @Override
    public void close() {
        weight.close();
    }
}
