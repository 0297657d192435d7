/**
 * PyTorch checkpoints without Python: {@link ai.tvlt.weights.torch.TorchCheckpoint} reads the zip format
 * of {@code torch.save} (a state_dict of tensors) through a restricted unpickler that executes nothing,
 * and {@link ai.tvlt.weights.torch.TorchToSafetensors} converts it to safetensors.
 */
package ai.tvlt.weights.torch;
