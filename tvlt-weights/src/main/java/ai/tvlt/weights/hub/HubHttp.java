package ai.tvlt.weights.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two requests the client makes, with the hub's conventions: a HEAD on
 * {@code {endpoint}/{repo}/resolve/{revision}/{file}} for the file's metadata (following only relative
 * redirects, as huggingface_hub does, so the headers of the hub's own response are read even when it
 * redirects to a CDN), and a GET of the bytes that resumes with a {@code Range} header and follows
 * redirects itself. The bearer token is sent only to the endpoint's origin, never to a CDN. Status codes
 * become {@link HubException}s with actionable messages; transport failures stay {@link IOException}s
 * so the caller can retry. A download honours {@link Thread#interrupt()}: the read stops with an
 * {@link InterruptedIOException} and the interrupt flag stays set ({@link InterruptibleBody}), and a body
 * that stops flowing for the read timeout fails, to be resumed by the caller's next attempt.
 *
 * <p>Thread-safe.
 */
final class HubHttp {

    private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);
    private static final int MAX_REDIRECTS = 10;
    private static final int CHUNK = 1 << 20;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern ETAG = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final String USER_AGENT = "tvlt-java/0.1; java/" + Runtime.version().feature();

    private final HttpClient client;
    private final HubEnvironment env;
    private final Duration metadataTimeout;
    private final Duration readTimeout;
    private final Function<URI, Optional<String>> proxyAuthorization;

    /**
     * @param proxyAuthorization the {@code Proxy-Authorization} header for a URL, when the proxy it goes
     *     through needs one
     */
    HubHttp(HttpClient client, HubEnvironment env, Duration metadataTimeout, Duration readTimeout,
            Function<URI, Optional<String>> proxyAuthorization) {
        this.client = client;
        this.env = env;
        this.metadataTimeout = metadataTimeout;
        this.readTimeout = readTimeout;
        this.proxyAuthorization = proxyAuthorization;
    }

    /**
     * @param repo the repository
     * @param revision revision or commit to resolve at
     * @param file file path in the repository
     * @return {@code {endpoint}/{repo}/resolve/{revision}/{file}} with the revision fully percent-encoded
     *     ({@code refs/pr/1} becomes {@code refs%2Fpr%2F1}) and the file encoded except for '/'
     */
    URI resolveUrl(RepoRef repo, String revision, String file) {
        return URI.create(env.endpoint() + "/" + repo.repoId() + "/resolve/" + percentEncode(revision, false)
                + "/" + percentEncode(file, true));
    }

    /**
     * HEADs a file.
     *
     * @return its metadata, or empty when the repository exists but has no such file
     * @throws HubException for any other error status
     * @throws IOException when the hub cannot be reached
     */
    Optional<FileMetadata> head(RepoRef repo, String revision, String file) throws IOException {
        URI url = resolveUrl(repo, revision, file);
        HttpResponse<Void> r = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(metadataTimeout).header("Accept-Encoding", "identity");
            r = send(request.build(), HttpResponse.BodyHandlers.discarding());
            Optional<URI> relative = isRedirect(r.statusCode()) ? location(r).filter(l -> !l.isAbsolute())
                    : Optional.empty();
            if (relative.isEmpty()) {
                break;
            }
            url = url.resolve(relative.get());
            LOG.debug("HEAD follows relative redirect to {}", url);
        }
        Objects.requireNonNull(r);
        int status = r.statusCode();
        if (isEntryNotFound(r)) {
            return Optional.empty();
        }
        if (status >= 400 || (status >= 300 && !isRedirect(status))) {
            throw HubErrors.fromResponse(status, r.headers(), repo, revision, file, env);
        }
        URI answered = url;
        URI location = isRedirect(status) ? url.resolve(location(r).orElseThrow(() -> malformed(answered,
                "a redirect without Location"))) : url;
        return Optional.of(metadata(r.headers(), location, answered));
    }

    /**
     * GETs a file into {@code incomplete}, appending to what an earlier transfer left there when the
     * server honours the Range request, and starting over otherwise.
     *
     * @param location where to download from (the metadata's location)
     * @param incomplete the temporary file
     * @param size the expected size
     * @param fileName for progress and messages
     * @param progress the progress listener
     * @throws IOException when the transfer breaks off (the caller may retry: the bytes so far are kept)
     * @throws HubException for an error status, or a server sending more than {@code size} bytes
     */
    void download(URI location, Path incomplete, long size, String fileName, DownloadProgress progress)
            throws IOException {
        try (FileChannel out = FileChannel.open(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long have = out.size();
            if (have > size) {
                out.truncate(0);
                have = 0;
            }
            if (have == size) {
                return;
            }
            HttpResponse<InputStream> r = getFollowingRedirects(location, have);
            int status = r.statusCode();
            if (status == 416) {
                r.body().close();
                out.truncate(0);
                throw new IOException("server refused to resume " + fileName + " at byte " + have + "; restarting");
            }
            if (status != 200 && status != 206) {
                r.body().close();
                throw HubErrors.fromDownload(status, r.headers(), fileName, location, env);
            }
            if (status == 200 && have > 0) {
                LOG.debug("server ignored the Range request for {}; downloading from the start", fileName);
                out.truncate(0);
                have = 0;
            }
            if (status == 206) {
                checkContentRange(r, have, fileName);
            }
            copyBody(r.body(), out, have, size, fileName, progress);
        }
    }

    private void copyBody(InputStream body, FileChannel out, long have, long size, String fileName,
                          DownloadProgress progress) throws IOException {
        long written = have;
        out.position(have);
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = body; DownloadProgress.Transfer transfer = progress.start(fileName, size, have)) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (written + n > size) {
                    out.truncate(0);
                    throw new HubException(HubException.Reason.TRANSFER_FAILED, 200, "the server sent more than the "
                            + size + " bytes announced for " + fileName + "; the download was discarded");
                }
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
                transfer.advance(n);
            }
        }
        if (written != size) {
            throw new IOException("connection closed after " + written + " of " + size + " bytes of " + fileName);
        }
    }

    private HttpResponse<InputStream> getFollowingRedirects(URI start, long from) throws IOException {
        URI url = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = request(url).GET().timeout(readTimeout); // until the headers arrive
            if (from > 0) {
                request.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> r = send(request.build(), InterruptibleBody.handler(readTimeout));
            if (!isRedirect(r.statusCode())) {
                return r;
            }
            r.body().close();
            URI next = location(r).orElseThrow(() -> malformed(start, "a redirect without Location"));
            url = url.resolve(next);
            LOG.debug("GET follows redirect to {}", redactQuery(url));
        }
        throw new HubException(HubException.Reason.TRANSFER_FAILED, 0, "more than " + MAX_REDIRECTS
                + " redirects downloading " + redactQuery(start));
    }

    private static void checkContentRange(HttpResponse<?> r, long have, String fileName) throws IOException {
        String range = r.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range);
        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
            throw new IOException("server resumed " + fileName + " with Content-Range '" + range
                    + "' instead of starting at byte " + have);
        }
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("User-Agent", USER_AGENT);
        if (env.hasToken() && sameOrigin(url, env.endpoint())) {
            b.header("Authorization", "Bearer " + env.token());
        }
        // the JDK sends Proxy-* headers to the proxy only: in the CONNECT of an https tunnel, or with a plain
        // http request; never to the server
        proxyAuthorization.apply(url).ifPresent(value -> b.header("Proxy-Authorization", value));
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            LOG.debug("{} {}", request.method(), redactQuery(request.uri()));
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while contacting " + request.uri().getHost());
        }
    }

    private FileMetadata metadata(HttpHeaders h, URI location, URI url) {
        String commit = h.firstValue("X-Repo-Commit").orElseThrow(() -> malformed(url,
                "no X-Repo-Commit header (is HF_ENDPOINT a Hugging Face hub?)"));
        if (!RepoRef.isCommitHash(commit)) {
            throw malformed(url, "an invalid X-Repo-Commit header");
        }
        String etag = normaliseEtag(h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag"))
                .orElseThrow(() -> malformed(url, "no ETag header")));
        if (!ETAG.matcher(etag).matches() || etag.equals(".") || etag.equals("..")) {
            throw malformed(url, "an ETag that cannot name a cache file");
        }
        long size = h.firstValue("X-Linked-Size").or(() -> h.firstValue("Content-Length"))
                .map(v -> parseSize(v, url)).orElseThrow(() -> malformed(url, "no size header"));
        return new FileMetadata(commit, etag, size, location);
    }

    private long parseSize(String v, URI url) {
        try {
            long size = Long.parseLong(v.strip());
            if (size < 0) {
                throw malformed(url, "a negative size");
            }
            return size;
        } catch (NumberFormatException e) {
            throw malformed(url, "a size header that is not a number");
        }
    }

    /** ETag: W/"abc" or "abc" -> abc (huggingface_hub's _normalize_etag, plus the weak prefix). */
    static String normaliseEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    private static boolean isEntryNotFound(HttpResponse<?> r) {
        if (r.statusCode() != 404) {
            return false;
        }
        Optional<String> code = r.headers().firstValue("X-Error-Code");
        return code.map("EntryNotFound"::equals).orElseGet(() -> r.headers().firstValue("X-Repo-Commit").isPresent());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Optional<URI> location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").map(l -> {
            try {
                return URI.create(l.strip());
            } catch (IllegalArgumentException e) {
                throw new HubException(HubException.Reason.TRANSFER_FAILED, r.statusCode(),
                        "the hub redirected to an invalid URL");
            }
        });
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** CDN URLs carry signatures in their query: keep them out of logs and messages. */
    static String redactQuery(URI url) {
        return url.getRawQuery() == null ? url.toString()
                : url.toString().substring(0, url.toString().indexOf('?')) + "?...";
    }

    private static HubException malformed(URI url, String what) {
        return new HubException(HubException.Reason.TRANSFER_FAILED, 0, "unexpected hub response for "
                + redactQuery(url) + ": " + what);
    }

    /** Percent-encodes UTF-8 bytes except unreserved characters (and '/' when {@code keepSlash}). */
    static String percentEncode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
