package ai.tvlt.weights.hub;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns a model argument (a folder or {@code owner/name[@revision]}) into a checkpoint folder: a folder is used as it is; a repository id
 * is asked of each {@link ModelLocator} in order (for the command line: the {@link HubClientLocator}).
 * When none has it, the error says where it looked and how to get the files.
 *
 * <p>Immutable and thread-safe when its locators are.
 */
public final class ModelResolver {

    private final List<ModelLocator> locators;

    /**
     * @param locators where to look for repositories, in order
     */
    public ModelResolver(List<ModelLocator> locators) {
        this.locators = List.copyOf(locators);
    }

    /**
     * @param environment hub endpoint, cache folder, token and offline mode
     * @return the resolver the command line uses: the hub client's cache, downloading what is missing
     *     unless offline (as transformers' {@code from_pretrained})
     */
    public static ModelResolver forHub(HubEnvironment environment) {
        HubClient client = HubClient.builder().environment(environment).progress(DownloadProgress.automatic()).build();
        return new ModelResolver(List.of(new HubClientLocator(client)));
    }

    /**
     * The checkpoint folder of a {@code fromPretrained(String)} argument, with the hub settings of this
     * process ({@link HubEnvironment#fromSystem()}: {@code HF_ENDPOINT}, {@code HF_HUB_CACHE},
     * {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}, ...).
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @return the folder: the argument itself, or the snapshot folder in the Hugging Face cache (downloaded
     *     into it when missing, unless offline)
     * @throws InvalidInputException when the folder does not exist or the id is malformed
     * @throws HubException when the repository can neither be fetched nor found in the cache
     */
    public static Path checkpointFolder(String modelIdOrFolder) {
        return checkpointFolder(modelIdOrFolder, HubEnvironment::fromSystem);
    }

    /**
     * Like {@link #checkpointFolder(String)} with given hub settings.
     *
     * @param modelIdOrFolder a checkpoint folder, or a hub id {@code owner/name[@revision]}
     * @param hub the hub endpoint, cache folder, token and offline mode; asked only for a hub id
     * @return the folder
     */
    public static Path checkpointFolder(String modelIdOrFolder, Supplier<HubEnvironment> hub) {
        ModelReference reference = ModelReference.parse(modelIdOrFolder);
        return reference instanceof ModelReference.Folder folder ? folder.existing()
                : forHub(hub.get()).resolve(reference);
    }

    /**
     * @param reference a parsed model argument
     * @return the checkpoint folder
     * @throws InvalidInputException when the folder does not exist or no locator has the repository
     * @throws ai.tvlt.core.error.TvltException from a locator that has the repository but cannot provide it
     *     (for the hub client: {@link ai.tvlt.weights.hub.HubException})
     */
    public Path resolve(ModelReference reference) {
        if (reference instanceof ModelReference.Folder folder) {
            return folder.existing();
        }
        ModelReference.Repo repo = (ModelReference.Repo) reference;
        for (ModelLocator locator : locators) {
            Optional<Path> found = locator.locate(repo);
            if (found.isPresent()) {
                return found.get();
            }
        }
        String places = locators.stream().map(ModelLocator::describe).collect(Collectors.joining(", "));
        throw new InvalidInputException("model '" + repo + "' is neither a folder nor in "
                + (places.isEmpty() ? "any model cache" : places) + "; download it with 'tvlt download "
                + repo + "' or pass a folder holding config.json and the weights");
    }
}
