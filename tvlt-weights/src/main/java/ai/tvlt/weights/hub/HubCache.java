package ai.tvlt.weights.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout of the hub cache, identical to Python {@code huggingface_hub}'s so both read and
 * fill the same cache:
 *
 * <pre>
 * &lt;cache&gt;/models--owner--name/
 *     blobs/&lt;etag&gt;                      file contents, named by sha256 (LFS) or git sha1
 *     refs/&lt;revision&gt;                  the commit a branch/tag/PR ref last resolved to (refs/pr/1 -&gt; refs/refs/pr/1)
 *     snapshots/&lt;commit&gt;/&lt;file&gt;        relative symlink ../../blobs/&lt;etag&gt; (a copy where links are impossible)
 *     .no_exist/&lt;commit&gt;/&lt;file&gt;        empty marker: the file does not exist at that commit
 * &lt;cache&gt;/.locks/models--owner--name/&lt;etag&gt;.lock
 * </pre>
 *
 * Thread-safe (stateless apart from the root folder).
 */
final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);

    private final Path root;

    HubCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path repoFolder(RepoRef repo) {
        return root.resolve(repo.cacheFolderName());
    }

    Path blob(RepoRef repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag);
    }

    Path incomplete(RepoRef repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag + ".incomplete");
    }

    Path lock(RepoRef repo, String etag) {
        return root.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock");
    }

    Path snapshot(RepoRef repo, String commit) {
        return repoFolder(repo).resolve("snapshots").resolve(commit);
    }

    Path pointer(RepoRef repo, String commit, String file) {
        return snapshot(repo, commit).resolve(file);
    }

    Path refFile(RepoRef repo, String revision) {
        return repoFolder(repo).resolve("refs").resolve(revision);
    }

    private Path noExistMarker(RepoRef repo, String commit, String file) {
        return repoFolder(repo).resolve(".no_exist").resolve(commit).resolve(file);
    }

    /**
     * @param repo the repository
     * @return the commit its revision last resolved to: the revision itself for a commit hash, else the
     *     content of {@code refs/<revision>}
     */
    Optional<String> commitOf(RepoRef repo) {
        if (repo.isCommitHash()) {
            return Optional.of(repo.revision());
        }
        Path ref = refFile(repo, repo.revision());
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            return RepoRef.isCommitHash(commit) ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    /** Records the commit a branch, tag or PR ref resolved to (nothing for a commit hash). */
    void writeRef(RepoRef repo, String commit) {
        if (repo.revision().equals(commit)) {
            return;
        }
        Path ref = refFile(repo, repo.revision());
        try {
            if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
                return; // unchanged: do not touch a cache we may not own
            }
            Files.createDirectories(ref.getParent());
            Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref, e);
        }
    }

    boolean isMarkedMissing(RepoRef repo, String commit, String file) {
        return Files.exists(noExistMarker(repo, commit, file));
    }

    /** Remembers that a file does not exist at a commit, so the next run does not ask again. */
    void markMissing(RepoRef repo, String commit, String file) {
        Path marker = noExistMarker(repo, commit, file);
        try {
            Files.createDirectories(marker.getParent());
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (FileAlreadyExistsException ignored) {
            // another process marked it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    /**
     * Points {@code snapshots/<commit>/<file>} at its blob with a relative symlink, or copies the blob
     * where the file system cannot link (as huggingface_hub does on Windows without developer mode).
     */
    void link(Path blob, Path pointer) {
        try {
            Files.createDirectories(pointer.getParent());
            Path target = pointer.getParent().relativize(blob);
            Path tmp = pointer.resolveSibling("." + pointer.getFileName() + "." + ProcessHandle.current().pid()
                    + "." + Thread.currentThread().getId() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createSymbolicLink(tmp, target);
            } catch (UnsupportedOperationException | FileSystemException e) {
                LOG.debug("symlinks are not available in {} ({}); copying the blob", pointer.getParent(), e.toString());
                Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + pointer + " in the hub cache", e);
        }
    }
}
