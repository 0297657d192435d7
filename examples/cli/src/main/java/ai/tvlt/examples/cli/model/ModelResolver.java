package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a {@code --model} argument into a checkpoint folder: a folder is used as it is; a repository id
 * is asked of each {@link ModelLocator} in order (the hub cache first; a downloading hub client goes
 * last). When none has it, the error says where it looked and how to get the files.
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
     * @return the resolver the command line uses: the Hugging Face cache of this user's environment
     */
    public static ModelResolver standard() {
        return new ModelResolver(List.of(
                HubCacheLocator.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")))));
    }

    /**
     * @param reference a parsed {@code --model} argument
     * @return the checkpoint folder
     * @throws InvalidInputException when the folder does not exist or no locator has the repository
     */
    public Path resolve(ModelReference reference) {
        if (reference instanceof ModelReference.Folder folder) {
            return existingFolder(folder.path());
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

    private static Path existingFolder(Path path) {
        if (Files.isDirectory(path)) {
            return path;
        }
        if (Files.exists(path)) {
            throw new InvalidInputException("--model " + path
                    + " is a file; point it at the checkpoint folder that holds config.json and the weights");
        }
        throw new InvalidInputException("model folder " + path + " does not exist");
    }
}
