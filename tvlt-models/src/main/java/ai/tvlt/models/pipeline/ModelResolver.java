package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.hub.DownloadProgress;
import ai.tvlt.weights.hub.HubClient;
import ai.tvlt.weights.hub.HubEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a {@code --model} argument into a checkpoint folder: a folder is used as it is; a repository id
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
     * @param reference a parsed {@code --model} argument
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
                + repo + "' or point --model at a folder holding config.json and the weights");
    }
}
