package ai.tvlt.weights.hub;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one blob into the cache safely: under a file lock ({@code .locks/models--o--n/<etag>.lock}, the
 * {@code flock} huggingface_hub takes, see {@link CacheLock}, so a Python and a Java process never write
 * the same blob), into
 * {@code blobs/<etag>.incomplete}, resuming what an interrupted transfer left there and retrying broken
 * connections, then checked (size; sha256 when the etag is one, as for LFS files) and renamed into place
 * atomically. A blob that fails the check is deleted, never installed.
 *
 * <p>Thread-safe: threads of one JVM serialise on the same lock file too.
 */
final class BlobDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);

    private final HubHttp http;
    private final HubCache cache;
    private final DownloadProgress progress;
    private final int maxAttempts;
    private final Duration retryDelay;

    BlobDownloader(HubHttp http, HubCache cache, DownloadProgress progress, int maxAttempts, Duration retryDelay) {
        this.http = http;
        this.cache = cache;
        this.progress = progress;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    /**
     * @param repo the repository
     * @param file the file's name (for progress and messages)
     * @param meta the file's metadata
     * @return the installed blob
     * @throws HubException when the transfer keeps failing or the server refuses
     * @throws CorruptFileException when the downloaded bytes do not match the size or sha256
     */
    Path ensureBlob(RepoRef repo, String file, FileMetadata meta) {
        Path blob = cache.blob(repo, meta.etag());
        if (Files.isRegularFile(blob)) {
            return blob;
        }
        Path lockFile = cache.lock(repo, meta.etag());
        try {
            Files.createDirectories(lockFile.getParent());
            Files.createDirectories(blob.getParent());
            try (CacheLock ignored = CacheLock.acquire(lockFile, () -> progress.waitingForLock(file, lockFile))) {
                if (!Files.isRegularFile(blob)) {
                    downloadVerifyInstall(repo, file, meta, blob);
                }
            }
        } catch (InterruptedIOException e) {
            throw new HubException(HubException.Reason.TRANSFER_FAILED, 0, "interrupted while downloading " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " into the hub cache " + cache.root(), e);
        }
        return blob;
    }

    private void downloadVerifyInstall(RepoRef repo, String file, FileMetadata meta, Path blob) throws IOException {
        Path incomplete = cache.incomplete(repo, meta.etag());
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                LOG.debug("downloading {} of {} ({} bytes), attempt {}", file, repo, meta.size(), attempt);
                http.download(meta.location(), incomplete, meta.size(), file, progress);
                last = null;
                break;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                last = e;
                LOG.debug("transfer of {} broke off ({}); {} attempts left", file, e.toString(), maxAttempts - attempt);
                pause(attempt);
            }
        }
        if (last != null) {
            throw new HubException(HubException.Reason.TRANSFER_FAILED, 0, "downloading " + file + " of " + repo
                    + " failed after " + maxAttempts + " attempts: "
                    + HubErrors.describe(last)
                    + ". Run again to resume from " + incomplete, last);
        }
        verify(incomplete, file, meta);
        Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void verify(Path incomplete, String file, FileMetadata meta) throws IOException {
        long size = Files.size(incomplete);
        if (size != meta.size()) {
            Files.deleteIfExists(incomplete);
            throw new CorruptFileException("downloaded " + file + " has " + size + " bytes, the hub announced "
                    + meta.size() + "; it was discarded");
        }
        if (meta.hasSha256()) {
            String actual = sha256(incomplete);
            if (!actual.equals(meta.etag())) {
                Files.deleteIfExists(incomplete);
                throw new CorruptFileException("downloaded " + file + " is corrupt: sha256 " + actual
                        + " differs from the hub's " + meta.etag() + "; it was discarded, run again to retry");
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void pause(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(retryDelay.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted between download attempts");
        }
    }
}
