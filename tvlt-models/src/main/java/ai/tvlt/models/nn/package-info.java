/**
 * Building blocks of the TVLT transformer on ND4J: {@link ai.tvlt.models.nn.Linear} (weights laid out
 * once for {@code Nd4j.gemm} into preallocated outputs), {@link ai.tvlt.models.nn.LayerNorm},
 * {@link ai.tvlt.models.nn.Softmax}, {@link ai.tvlt.models.nn.Gelu} and the row kernels they share.
 *
 * <p>Matrix products run in ND4J's BLAS; the element-wise row operations (LayerNorm, softmax, bias +
 * GELU) are fused Java loops over a heap copy of each row, written so that the JIT vectorises them
 * ({@link ai.tvlt.models.nn.FastExp}). ND4J's own softmax/LayerNorm ops are 3-13x slower at these
 * sizes and allocate their outputs.
 */
package ai.tvlt.models.nn;
