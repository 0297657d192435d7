package ai.tvlt.weights.hub;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One way of finding the local folder of a hub repository, asked in turn by {@link ModelResolver}: the
 * command line uses the {@link HubClientLocator} (Hugging Face cache, then download); tests and
 * embedding code may plug in others.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ModelLocator {

    /**
     * @param repo a repository reference
     * @return the folder holding the revision's files ({@code config.json}, weights), or empty when
     *     this locator does not have it
     * @throws ai.tvlt.core.error.TvltException when the locator has the repository but cannot provide
     *     it (a broken cache entry, a failed download): the message says why
     */
    Optional<Path> locate(ModelReference.Repo repo);

    /** @return where this locator looks, for error messages, e.g. "the Hugging Face cache at ~/.cache/..." */
    String describe();
}
