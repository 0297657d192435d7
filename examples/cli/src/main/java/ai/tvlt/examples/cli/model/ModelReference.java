package ai.tvlt.examples.cli.model;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user passes to {@code --model}: a checkpoint folder, or a Hugging Face repository id
 * {@code owner/name} (or a bare legacy {@code name}) with an optional {@code @revision} (branch, tag or
 * commit; {@code main} when absent). {@link #parse(String)} decides: an existing folder wins, then the
 * repository-id syntax, and anything else is taken as a folder path (which then does not exist).
 */
public sealed interface ModelReference permits ModelReference.Folder, ModelReference.Repo {

    /** The revision used when none is given. */
    String DEFAULT_REVISION = "main";

    /**
     * A checkpoint folder on disk.
     *
     * @param path the folder (it may not exist; resolution reports that)
     */
    record Folder(Path path) implements ModelReference {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A repository on the Hugging Face hub.
     *
     * @param id {@code owner/name} or a bare {@code name}
     * @param revision branch, tag, {@code refs/pr/N} or 40-hex commit
     */
    record Repo(String id, String revision) implements ModelReference {

        /** Validates both parts. */
        public Repo {
            if (!REPO_ID.matcher(id).matches() || id.contains("--") || id.contains("..")) {
                throw new InvalidInputException("'" + id + "' is not a valid Hugging Face repository id"
                        + " (expected owner/name of letters, digits, '-', '_' and '.')");
            }
            if (!REVISION.matcher(revision).matches() || revision.contains("..")) {
                throw new InvalidInputException("'" + revision + "' is not a valid revision of " + id);
            }
        }

        /** @return whether the revision is a full commit hash rather than a branch or tag name */
        public boolean isCommit() {
            return COMMIT.matcher(revision).matches();
        }

        @Override
        public String toString() {
            return revision.equals(DEFAULT_REVISION) ? id : id + "@" + revision;
        }
    }

    /** Repository ids as the hub accepts them: an optional owner, a name, at most 96 characters each. */
    Pattern REPO_ID = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    /** Branch and tag names, including {@code refs/pr/N}; no traversal, no spaces. */
    Pattern REVISION = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** A full commit hash. */
    Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /**
     * @param text the argument of {@code --model}
     * @return a folder when {@code text} names an existing folder or does not look like a repository
     *     id, otherwise a repository reference
     * @throws InvalidInputException for an empty argument or an invalid revision
     */
    static ModelReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("--model needs a checkpoint folder or a repository id owner/name");
        }
        Path asPath = toPath(text);
        if (asPath != null && Files.isDirectory(asPath)) {
            return new Folder(asPath);
        }
        Matcher m = Pattern.compile("([^@]+)(?:@(.+))?").matcher(text);
        if (m.matches() && REPO_ID.matcher(m.group(1)).matches()) {
            return new Repo(m.group(1), m.group(2) == null ? DEFAULT_REVISION : m.group(2));
        }
        if (asPath == null) {
            throw new InvalidInputException("--model '" + text + "' is neither a folder nor a repository id");
        }
        return new Folder(asPath);
    }

    private static Path toPath(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
