package ai.tvlt.models.pipeline;

import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;

/**
 * The processor of a checkpoint given by hub id or folder, as transformers' {@code TvltProcessor.from_pretrained}
 * takes either. It lives here, beside the models, because {@code tvlt-processing} does not depend on the hub
 * client ({@code tvlt-weights}); {@link TvltProcessor#fromPretrained(java.nio.file.Path)} loads a folder
 * without it.
 *
 * <p>Stateless and thread-safe.
 */
public final class TvltProcessors {

    private TvltProcessors() {
    }

    /**
     * Loads the processor of a checkpoint folder or of a Hugging Face hub repository: a hub id
     * {@code owner/name[@revision]} is taken from the shared Hugging Face cache and downloaded into it when
     * missing ({@link ModelResolver#checkpointFolder(String)}, with this process's {@code HF_*} settings), then
     * loaded as {@link TvltProcessor#fromPretrained(java.nio.file.Path)} loads a folder.
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @return the processor
     * @throws ai.tvlt.core.error.InvalidInputException when the folder does not exist or the id is malformed
     * @throws ai.tvlt.weights.hub.HubException when the repository can neither be fetched nor found in the cache
     */
    public static TvltProcessor fromPretrained(String modelIdOrFolder) {
        return TvltProcessor.fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder));
    }

    /**
     * Like {@link #fromPretrained(String)}, with given hub settings (endpoint, cache folder, token, offline).
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @param hub the hub settings, used only for a hub id
     * @return the processor
     */
    public static TvltProcessor fromPretrained(String modelIdOrFolder, HubEnvironment hub) {
        return TvltProcessor.fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder, () -> hub));
    }
}
