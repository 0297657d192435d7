/**
 * Building blocks of the TVLT transformer on ND4J: {@link ai.tvlt.models.nn.Linear} (weights laid out
 * once in native memory, products into preallocated outputs), {@link ai.tvlt.models.nn.LayerNorm},
 * {@link ai.tvlt.models.nn.Softmax}, {@link ai.tvlt.models.nn.Gelu} and the kernels they share.
 *
 * <p>Matrix products are single-threaded CBLAS {@code sgemm} calls of the BLAS that ND4J loaded
 * ({@link ai.tvlt.models.nn.Sgemm} on {@link ai.tvlt.models.nn.NativeMatrix} blocks: no allocation,
 * no ND4J op dispatch, outputs written straight into sub-blocks), run in parallel by
 * {@link ai.tvlt.models.nn.RowParallel}: row blocks for the linear layers, one (sample, head) pair per
 * lane for attention. The same lanes run the element-wise passes (LayerNorm, softmax, bias + GELU),
 * fused Java loops over heap copies of rows written so that the JIT vectorises them
 * ({@link ai.tvlt.models.nn.FastExp}), so only one pool of threads computes at a time. ND4J's own
 * softmax/LayerNorm ops are 3-13x slower at these sizes and allocate their outputs; a multi-threaded
 * BLAS next to Java worker threads makes products 2x slower.
 */
package ai.tvlt.models.nn;
