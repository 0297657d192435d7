/** Heap tensors exchanged through the public API, and shape checks shared by all modules. */
package ai.tvlt.core.tensor;
