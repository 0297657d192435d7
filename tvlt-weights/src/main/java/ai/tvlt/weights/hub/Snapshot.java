package ai.tvlt.weights.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A model checkout in the hub cache: the folder {@code snapshots/<commit>} with the files a TVLT model
 * needs, ready to be opened like any local checkpoint folder. Immutable.
 *
 * @param repo the repository and the revision that was asked for
 * @param commit the commit the revision resolved to
 * @param folder the snapshot folder
 * @param weights which weight files the folder holds
 * @param files the files made available, relative to the folder (config.json, the weights, and
 *     preprocessor_config.json when the repository has one)
 */
public record Snapshot(RepoRef repo, String commit, Path folder, WeightsFormat weights, List<String> files) {

    /** Copies the file list. */
    public Snapshot {
        files = List.copyOf(files);
    }

    /** The weight files of a snapshot, in the order of preference. */
    public enum WeightsFormat {
        /** {@code model.safetensors}. */
        SAFETENSORS("model.safetensors"),
        /** {@code model.safetensors.index.json} and the shards it lists. */
        SHARDED_SAFETENSORS("model.safetensors.index.json"),
        /** {@code pytorch_model.bin} (read with {@link ai.tvlt.weights.torch.TorchCheckpoint}). */
        PYTORCH("pytorch_model.bin"),
        /** {@code pytorch_model.bin.index.json} and the shards it lists. */
        SHARDED_PYTORCH("pytorch_model.bin.index.json");

        private final String fileName;

        WeightsFormat(String fileName) {
            this.fileName = fileName;
        }

        /** @return whether the file is an index of shards */
        public boolean isSharded() {
            return this == SHARDED_SAFETENSORS || this == SHARDED_PYTORCH;
        }

        /** @return the file that identifies the format */
        public String fileName() {
            return fileName;
        }
    }
}
