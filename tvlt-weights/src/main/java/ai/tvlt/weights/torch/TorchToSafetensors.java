package ai.tvlt.weights.torch;

import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.file.Path;

/**
 * Converts a PyTorch zip checkpoint to safetensors, as {@code safetensors.torch.save_file(torch.load(in))}
 * would: same names, dtypes, shapes and bytes, tensors made contiguous, {@code __metadata__} =
 * {@code {"format": "pt"}}. Contiguous tensors are passed to the writer as memory-mapped views of the
 * input, so the weights are streamed from one file to the other without a heap copy; only
 * non-contiguous tensors are gathered on the heap. Tensors that share a storage are written once each.
 * Stateless.
 */
public final class TorchToSafetensors {

    private TorchToSafetensors() {
    }

    /**
     * @param in a {@code pytorch_model.bin}
     * @param out the safetensors file to write (replaced atomically if it exists)
     * @return the number of tensors written
     * @throws ai.tvlt.core.error.CorruptFileException when the input is not a valid checkpoint
     * @throws java.io.UncheckedIOException when reading or writing fails
     */
    public static int convert(Path in, Path out) {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(in)) {
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            for (String name : checkpoint.names()) {
                TensorInfo info = checkpoint.info(name);
                writer.put(name, info.dtype(), info.shape(), checkpoint.rawData(name));
            }
            writer.write(out);
            return writer.size();
        }
    }
}
