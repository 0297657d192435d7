/**
 * The safetensors format: {@link ai.tvlt.weights.safetensors.SafetensorsFile} reads one file
 * (memory-mapped, header validated as the official implementation does, hostile files rejected with
 * {@link ai.tvlt.core.error.CorruptFileException}), {@link ai.tvlt.weights.safetensors.ShardedSafetensors}
 * reads a sharded checkpoint through its {@code model.safetensors.index.json}, and
 * {@link ai.tvlt.weights.safetensors.SafetensorsWriter} writes files laid out byte for byte as the
 * official writer lays them out.
 */
package ai.tvlt.weights.safetensors;
