package ai.tvlt.weights.hub;

import java.net.URI;

/**
 * What the hub says about one file at one revision, from the headers of a HEAD request on its resolve
 * URL: {@code X-Repo-Commit}, {@code X-Linked-Etag} (LFS files) or {@code ETag}, {@code X-Linked-Size}
 * or {@code Content-Length}, and the {@code Location} to download from (a CDN for LFS files).
 *
 * @param commit the 40-hex commit the revision resolved to
 * @param etag the blob id: the sha256 of an LFS file, the git blob sha1 otherwise
 * @param size file size in bytes
 * @param location where to GET the bytes
 */
record FileMetadata(String commit, String etag, long size, URI location) {

    /** @return whether the etag is a sha256 digest, which the download is then verified against */
    boolean hasSha256() {
        return etag.length() == 64 && etag.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
