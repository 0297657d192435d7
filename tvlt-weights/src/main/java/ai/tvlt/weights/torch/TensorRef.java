package ai.tvlt.weights.torch;

/**
 * A tensor rebuilt by {@code torch._utils._rebuild_tensor_v2}: a strided view of a storage. Nothing is
 * read until the checkpoint is asked for the tensor's data.
 *
 * @param storage the storage viewed
 * @param layout offset, shape and strides in elements of the storage
 */
record TensorRef(StorageRef storage, StridedLayout layout) {
}
