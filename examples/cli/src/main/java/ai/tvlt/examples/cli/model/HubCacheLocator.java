package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds repositories already downloaded into the Hugging Face hub cache, the folder layout that
 * {@code huggingface_hub} (and Python {@code from_pretrained}) writes:
 * {@code <cache>/models--<owner>--<name>/refs/<revision>} holds a commit hash and
 * {@code <cache>/models--<owner>--<name>/snapshots/<commit>/} the files. A commit revision is looked
 * up in {@code snapshots/} directly.
 *
 * <p>The cache folder is {@code $HF_HUB_CACHE}, else {@code $HUGGINGFACE_HUB_CACHE}, else
 * {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else
 * {@code ~/.cache/huggingface/hub}, as in {@code huggingface_hub}. Immutable and thread-safe.
 */
public final class HubCacheLocator implements ModelLocator {

    private final Path cacheRoot;

    /**
     * @param cacheRoot the hub cache folder (it may not exist yet)
     */
    public HubCacheLocator(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /**
     * @param environment environment variables ({@code System.getenv()})
     * @param userHome the user's home folder
     * @return a locator for the cache those settings select
     */
    public static HubCacheLocator fromEnvironment(Map<String, String> environment, Path userHome) {
        return new HubCacheLocator(cacheRoot(environment, userHome));
    }

    /**
     * @param environment environment variables
     * @param userHome the user's home folder
     * @return the hub cache folder those settings select
     */
    public static Path cacheRoot(Map<String, String> environment, Path userHome) {
        String hubCache = firstSet(environment, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE");
        if (hubCache != null) {
            return Path.of(hubCache);
        }
        String hfHome = firstSet(environment, "HF_HOME");
        if (hfHome != null) {
            return Path.of(hfHome, "hub");
        }
        String xdgCache = firstSet(environment, "XDG_CACHE_HOME");
        Path cache = xdgCache != null ? Path.of(xdgCache) : userHome.resolve(".cache");
        return cache.resolve("huggingface").resolve("hub");
    }

    /** @return the cache folder */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /**
     * @param repo a repository reference
     * @return the repository's folder in the cache, {@code models--owner--name}
     */
    public Path repositoryFolder(ModelReference.Repo repo) {
        return cacheRoot.resolve("models--" + repo.id().replace("/", "--"));
    }

    @Override
    public Optional<Path> locate(ModelReference.Repo repo) {
        Path repoFolder = repositoryFolder(repo);
        if (!Files.isDirectory(repoFolder)) {
            return Optional.empty();
        }
        Optional<String> commit = repo.isCommit() ? Optional.of(repo.revision()) : readRef(repoFolder, repo);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        Path snapshot = repoFolder.resolve("snapshots").resolve(commit.get());
        if (!Files.isDirectory(snapshot)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(snapshot.resolve("config.json"))) {
            throw new InvalidInputException("the cached snapshot " + snapshot + " of " + repo
                    + " has no config.json; download the model again with 'tvlt download " + repo + "'");
        }
        return Optional.of(snapshot);
    }

    private static Optional<String> readRef(Path repoFolder, ModelReference.Repo repo) {
        Path ref = repoFolder.resolve("refs").resolve(repo.revision());
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit;
        try {
            commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
        if (!ModelReference.COMMIT.matcher(commit).matches()) {
            throw new InvalidInputException("the Hugging Face cache file " + ref
                    + " does not hold a commit hash; download the model again with 'tvlt download " + repo + "'");
        }
        return Optional.of(commit);
    }

    private static String firstSet(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "the Hugging Face cache at " + cacheRoot;
    }
}
