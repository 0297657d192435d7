package ai.tvlt.weights.torch;

/**
 * A storage named by a persistent id {@code ('storage', torch.XStorage, key, location, numel)}: the zip
 * entry {@code <archive>/data/<key>} holding {@code numel} elements of the storage type. Tensors that
 * share a storage hold the same instance.
 *
 * @param key the storage key (its file name under {@code data/})
 * @param type the storage type
 * @param numel declared element count
 * @param entry the zip entry with the storage bytes
 */
record StorageRef(String key, TorchStorageType type, long numel, ZipDirectory.Entry entry) {
}
