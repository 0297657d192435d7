package ai.tvlt.weights.hub;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds repositories the way transformers' {@code from_pretrained} does, through the {@link HubClient}:
 * the Hugging Face cache first, downloading what is missing unless the client's environment is offline
 * ({@code HF_HUB_OFFLINE=1}); when the hub cannot be reached a complete cached snapshot is used. The
 * cache layout is the client's own, shared with Python's {@code huggingface_hub}.
 *
 * <p>Thread-safe (the client is).
 */
public final class HubClientLocator implements ModelLocator {

    private final HubClient client;

    /**
     * @param client the hub client, with the environment (endpoint, cache, token, offline) to use
     */
    public HubClientLocator(HubClient client) {
        this.client = client;
    }

    /**
     * @throws HubException when the repository cannot be fetched nor found in the cache; when it is
     *     missing from the cache of an offline machine the message says how to bring the files over and
     *     pass that folder instead of the id
     */
    @Override
    public Optional<Path> locate(ModelReference.Repo repo) {
        try {
            return Optional.of(client.download(repo.ref()).folder());
        } catch (HubException e) {
            if (e.reason() != HubException.Reason.NOT_IN_CACHE) {
                throw e;
            }
            throw new HubException(e.reason(), e.status(), e.getMessage() + " Or copy the snapshot folder that"
                    + " 'tvlt download " + repo + "' prints on a connected machine and pass that folder instead of the id.", e);
        }
    }

    @Override
    public String describe() {
        var env = client.environment();
        return "the Hugging Face cache at " + env.cacheDir() + (env.offline() ? " (offline)" : " and " + env.endpoint());
    }
}
