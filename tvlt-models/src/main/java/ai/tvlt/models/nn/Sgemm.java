package ai.tvlt.models.nn;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code C = alpha op(A) op(B) + beta C} in float32: one call of the CBLAS {@code sgemm} of the BLAS that
 * ND4J loaded (OpenBLAS), on {@link NativeMatrix} blocks, with no allocation and no ND4J op dispatch.
 *
 * <p>Threading: the model parallelises its products itself, one row block or attention head per
 * thread of its {@link ComputeThreads} ({@link RowParallel}), so BLAS must run single-threaded: every
 * call first sets that for the process ({@link #useCallerThreadOnly()}). A multi-threaded BLAS here would have its own
 * threads spinning against the Java workers on the same cores (measured: products 2x slower inside a
 * layer than alone). Stateless.
 */
public final class Sgemm {

    private Sgemm() {
    }

    /**
     * Makes BLAS calls run on their calling thread only ({@code openblas_set_num_threads(1)}). This is
     * process-wide: other ND4J products in the same JVM become single-threaded too. Idempotent and cheap
     * once set (setting it is not: OpenBLAS then reallocates its per-thread buffers, about 0.2 ms, and
     * the next products fault their pages in again, so it is only set when it differs).
     */
    public static void useCallerThreadOnly() {
        Blas blas = Nd4j.factory().blas();
        if (blas.getMaxThreads() != 1) {
            blas.setMaxThreads(1);
        }
    }

    /**
     * @param a A
     * @param transA whether op(A) is A transposed
     * @param b B
     * @param transB whether op(B) is B transposed
     * @param c C, [rows of op(A), columns of op(B)]; must not overlap A or B
     * @param alpha scale of the product
     * @param beta scale of C's previous content (0: overwritten)
     */
    public static void multiply(NativeMatrix a, boolean transA, NativeMatrix b, boolean transB, NativeMatrix c,
            float alpha, float beta) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("sgemm shapes do not fit: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows() + "x" + c.cols());
        }
        if (m == 0 || n == 0) {
            return;
        }
        useCallerThreadOnly();
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
                alpha, a.pointer(), Math.max(1, a.stride()), b.pointer(), Math.max(1, b.stride()), beta, c.pointer(),
                Math.max(1, c.stride()));
    }
}
