package ai.tvlt.weights.hub;

import ai.tvlt.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A model repository on the hub at one revision, as users write it: {@code owner/name} or
 * {@code owner/name@revision}. The revision is a branch ({@code main}), a tag, a full 40-character commit
 * hash or a pull-request ref such as {@code refs/pr/1}; it defaults to {@code main}. Immutable.
 *
 * @param repoId {@code owner/name} (or a bare {@code name} for legacy top-level models)
 * @param revision branch, tag, commit hash or {@code refs/pr/N}
 */
public record RepoRef(String repoId, String revision) {

    /** The revision used when none is given. */
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REVISION_SEGMENT = Pattern.compile("[A-Za-z0-9_.+=,-]+");

    /** Validates both parts, so they are safe as cache folder names and URL segments. */
    public RepoRef {
        validateRepoId(repoId);
        validateRevision(revision, repoId);
    }

    /**
     * @param spec {@code owner/name} or {@code owner/name@revision}
     * @return the reference
     * @throws InvalidInputException when the id or the revision is malformed
     */
    public static RepoRef parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("a model id such as 'ZinengTang/tvlt-base' is required");
        }
        String s = spec.strip();
        int at = s.indexOf('@');
        if (at < 0) {
            return new RepoRef(s, DEFAULT_REVISION);
        }
        return new RepoRef(s.substring(0, at), s.substring(at + 1));
    }

    /** @return whether the revision is a full commit hash (then the cache can answer without a request) */
    public boolean isCommitHash() {
        return isCommitHash(revision);
    }

    /**
     * @param s a string
     * @return whether it is a full lower-case 40-hex commit hash
     */
    public static boolean isCommitHash(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    /** @return the cache folder name, {@code models--owner--name}, as huggingface_hub names it */
    public String cacheFolderName() {
        return "models--" + repoId.replace("/", "--");
    }

    @Override
    public String toString() {
        return repoId + "@" + revision;
    }

    private static void validateRepoId(String repoId) {
        if (repoId == null) {
            throw new InvalidInputException("repository id is null");
        }
        String[] parts = repoId.split("/", -1);
        boolean ok = parts.length <= 2 && !repoId.contains("--") && !repoId.contains("..");
        for (String p : parts) {
            ok &= PART.matcher(p).matches();
        }
        if (!ok) {
            throw new InvalidInputException("'" + repoId + "' is not a hub model id: expected owner/name made of"
                    + " letters, digits, '-', '_' and '.', e.g. ZinengTang/tvlt-base");
        }
    }

    private static void validateRevision(String revision, String repoId) {
        if (revision == null || revision.isEmpty() || revision.length() > 256) {
            throw new InvalidInputException("empty or overlong revision for " + repoId);
        }
        for (String segment : revision.split("/", -1)) {
            if (!REVISION_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException("'" + revision + "' is not a valid revision for " + repoId
                        + ": use a branch, a tag, a commit hash or refs/pr/N");
            }
        }
    }
}
