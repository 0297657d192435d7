package ai.tvlt.weights.hub;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What a user passes as a model (the {@code fromPretrained(String)} methods, {@code --model} of the tools): a checkpoint folder, or a Hugging Face repository id
 * {@code owner/name} (or a bare legacy {@code name}) with an optional {@code @revision} (branch, tag,
 * {@code refs/pr/N} or commit; {@code main} when absent). {@link #parse(String)} decides: an existing
 * folder wins, then the repository-id syntax of {@link RepoRef}, and anything else is taken as a folder
 * path (which then does not exist).
 */
public sealed interface ModelReference permits ModelReference.Folder, ModelReference.Repo {

    /**
     * A checkpoint folder on disk.
     *
     * @param path the folder (it may not exist; resolution reports that)
     */
    record Folder(Path path) implements ModelReference {

        /**
         * @return the path, checked to be a folder
         * @throws InvalidInputException when it does not exist or is a file
         */
        public Path existing() {
            if (Files.isDirectory(path)) {
                return path;
            }
            if (Files.exists(path)) {
                throw new InvalidInputException("model path " + path
                        + " is a file; point it at the checkpoint folder that holds config.json and the weights");
            }
            throw new InvalidInputException("model folder " + path + " does not exist");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A repository on the Hugging Face hub.
     *
     * @param ref the repository id and revision, validated by the hub client
     */
    record Repo(RepoRef ref) implements ModelReference {

        /**
         * @param id {@code owner/name} or a bare {@code name}
         * @param revision branch, tag, {@code refs/pr/N} or 40-hex commit
         * @throws InvalidInputException when either is malformed
         */
        public Repo(String id, String revision) {
            this(new RepoRef(id, revision));
        }

        /** @return the id and, unless it is {@code main}, {@code @revision}: what {@code tvlt download} takes */
        @Override
        public String toString() {
            return ref.revision().equals(RepoRef.DEFAULT_REVISION) ? ref.repoId() : ref.toString();
        }
    }

    /**
     * @param text a folder path or a repository id {@code owner/name[@revision]}
     * @return a folder when {@code text} names an existing folder or does not look like a repository
     *     id, otherwise a repository reference
     * @throws InvalidInputException for an empty argument, or a repository id with an invalid revision
     */
    static ModelReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("a model needs a checkpoint folder or a repository id owner/name");
        }
        Path asPath = toPath(text);
        if (asPath != null && Files.isDirectory(asPath)) {
            return new Folder(asPath);
        }
        int at = text.indexOf('@');
        if (isRepoId(at < 0 ? text : text.substring(0, at))) {
            return new Repo(RepoRef.parse(text));
        }
        if (asPath == null) {
            throw new InvalidInputException("model '" + text + "' is neither a folder nor a repository id");
        }
        return new Folder(asPath);
    }

    private static boolean isRepoId(String id) {
        try {
            new RepoRef(id, RepoRef.DEFAULT_REVISION);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static Path toPath(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
