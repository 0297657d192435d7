package ai.tvlt.weights.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An emulation of the Hugging Face hub's resolve endpoints on 127.0.0.1, for tests: {@code HEAD/GET
 * /{repo}/resolve/{revision}/{file}} with the hub's headers (X-Repo-Commit, ETag, X-Linked-Etag,
 * X-Linked-Size, X-Error-Code), a relative 307 to {@code /api/resolve-cache/...} for regular files (as the
 * hub does today), a 302 to a second server (the "CDN", another origin) for LFS files, Range support on
 * the CDN, and injectable faults (a connection dropped mid-body, a corrupted body, a slow body). Every request is
 * recorded. Public so that other modules' tests (the CLI's) can serve models from it.
 */
public final class FakeHub implements AutoCloseable {

    /** Files of at least this size are served as LFS files (sha256 etag, CDN redirect). */
    static final int LFS_THRESHOLD = 1024;
    static final int SLOW_CHUNK = 8192;

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobsBySha = new ConcurrentHashMap<>();

    final List<String> hubRequests = Collections.synchronizedList(new ArrayList<>());
    final List<String> cdnRequests = Collections.synchronizedList(new ArrayList<>());
    final List<String> rangeHeaders = Collections.synchronizedList(new ArrayList<>());
    final List<String> hubAuthorizations = Collections.synchronizedList(new ArrayList<>());
    final List<String> cdnAuthorizations = Collections.synchronizedList(new ArrayList<>());

    volatile long dropAfterBytesOnce = -1;
    volatile boolean corruptOnce;
    volatile long cdnDelayMillis;
    /** When positive, the CDN sends bodies in {@link #SLOW_CHUNK}-byte pieces with this pause between them. */
    volatile long slowBodyChunkMillis;
    volatile boolean ignoreRange;
    /** When non-negative, the next CDN body stops after this many bytes and sends nothing more for 60 s. */
    volatile long stallAfterBytesOnce = -1;

    /** One repository: revisions (branch, tag, refs/pr/N) pointing at commits, and files per commit. */
    public static final class Repo {
        final Map<String, String> refs = new ConcurrentHashMap<>();
        final Map<String, Map<String, byte[]>> commits = new ConcurrentHashMap<>();
        volatile String requiredToken;
        volatile boolean gated;

        public Repo commit(String commit, Map<String, byte[]> files) {
            commits.put(commit, new HashMap<>(files));
            return this;
        }

        public Repo ref(String revision, String commit) {
            refs.put(revision, commit);
            return this;
        }
    }

    /** Starts the hub and its CDN on ephemeral loopback ports. */
    public FakeHub() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        hub = HttpServer.create(loopback, 0);
        cdn = HttpServer.create(loopback, 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    /** @return the hub's base URL (for HF_ENDPOINT) */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** @return the hub's socket address (to route a proxy to it) */
    public InetSocketAddress hubAddress() {
        return hub.getAddress();
    }

    /** @return the CDN's socket address; its URLs are {@code http://127.0.0.1:port/...} */
    public InetSocketAddress cdnAddress() {
        return cdn.getAddress();
    }

    /** @return the repository, created empty on first use */
    public Repo repo(String id) {
        return repos.computeIfAbsent(id, k -> new Repo());
    }

    /** @return requests received by the hub and the CDN so far */
    public int requestCount() {
        return hubRequests.size() + cdnRequests.size();
    }

    void clearLog() {
        hubRequests.clear();
        cdnRequests.clear();
        rangeHeaders.clear();
        hubAuthorizations.clear();
        cdnAuthorizations.clear();
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    /** The git blob id: sha1("blob <size>\0" + content). */
    static String gitSha1(byte[] data) {
        byte[] header = ("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + data.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(data, 0, all, header.length, data.length);
        return HexFormat.of().formatHex(digest("SHA-1", all));
    }

    /** The etag the hub gives a file: sha256 for LFS files, the git sha1 otherwise. */
    static String etagOf(byte[] data) {
        return data.length >= LFS_THRESHOLD ? sha256(data) : gitSha1(data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handleHub(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            hubRequests.add(ex.getRequestMethod() + " " + raw);
            hubAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            if (raw.startsWith("/api/resolve-cache/models/")) {
                serveResolveCache(ex, raw.substring("/api/resolve-cache/models/".length()));
                return;
            }
            int resolve = raw.indexOf("/resolve/");
            if (resolve < 0) {
                send(ex, 404, null);
                return;
            }
            String repoId = raw.substring(1, resolve);
            String rest = raw.substring(resolve + "/resolve/".length());
            int slash = rest.indexOf('/');
            String revision = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            String file = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
            Repo repo = repos.get(repoId);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (repo == null || (repo.requiredToken != null && !repo.gated
                    && !("Bearer " + repo.requiredToken).equals(auth))) {
                error(ex, 401, "RepoNotFound", "Repository not found");
                return;
            }
            if (repo.gated && !("Bearer " + repo.requiredToken).equals(auth)) {
                error(ex, auth == null ? 401 : 403, "GatedRepo", "Access to model " + repoId + " is restricted");
                return;
            }
            String commit = repo.commits.containsKey(revision) ? revision : repo.refs.get(revision);
            if (commit == null) {
                error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
                return;
            }
            byte[] data = repo.commits.get(commit).get(file);
            ex.getResponseHeaders().set("X-Repo-Commit", commit);
            if (data == null) {
                error(ex, 404, "EntryNotFound", "Entry not found");
                return;
            }
            if (data.length >= LFS_THRESHOLD) {
                String sha = sha256(data);
                blobsBySha.put(sha, data);
                ex.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
                ex.getResponseHeaders().set("X-Linked-Size", Long.toString(data.length));
                ex.getResponseHeaders().set("ETag", "\"" + gitSha1(("version lfs " + sha).getBytes()) + "\"");
                ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/repos/"
                        + sha + "?X-Amz-Signature=secret-signature");
                send(ex, 302, null);
                return;
            }
            ex.getResponseHeaders().set("Location", "/api/resolve-cache/models/" + repoId + "/" + commit + "/"
                    + rest.substring(slash + 1));
            send(ex, 307, null);
        }
    }

    private void serveResolveCache(HttpExchange ex, String path) throws IOException {
        String[] parts = path.split("/", 4);
        Repo repo = repos.get(parts[0] + "/" + parts[1]);
        byte[] data = repo.commits.get(parts[2]).get(URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
        ex.getResponseHeaders().set("X-Repo-Commit", parts[2]);
        ex.getResponseHeaders().set("ETag", "\"" + gitSha1(data) + "\"");
        send(ex, 200, data);
    }

    private void handleCdn(HttpExchange ex) throws IOException {
        try (ex) {
            cdnRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
            cdnAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String range = ex.getRequestHeaders().getFirst("Range");
            rangeHeaders.add(String.valueOf(range));
            if (ignoreRange) {
                range = null;
            }
            if (cdnDelayMillis > 0) {
                Thread.sleep(cdnDelayMillis);
            }
            String sha = ex.getRequestURI().getRawPath().substring("/repos/".length());
            byte[] data = blobsBySha.get(sha);
            if (data == null) {
                send(ex, 404, null);
                return;
            }
            if (corruptOnce) {
                corruptOnce = false;
                data = data.clone();
                data[data.length / 2] ^= 0x55;
            }
            long from = 0;
            if (range != null) {
                from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
                if (from >= data.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                    send(ex, 416, null);
                    return;
                }
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/"
                        + data.length);
            }
            int status = range != null ? 206 : 200;
            long length = data.length - from;
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length);
            OutputStream body = ex.getResponseBody();
            long drop = dropAfterBytesOnce;
            if (drop >= 0 && drop < length) {
                dropAfterBytesOnce = -1;
                body.write(data, (int) from, (int) drop);
                body.flush();
                throw new IOException("fake hub drops the connection after " + drop + " bytes");
            }
            long stall = stallAfterBytesOnce;
            if (stall >= 0 && stall < length) {
                stallAfterBytesOnce = -1;
                body.write(data, (int) from, (int) stall);
                body.flush();
                Thread.sleep(60_000);
                return;
            }
            if (slowBodyChunkMillis > 0) {
                for (long at = from; at < data.length; at += SLOW_CHUNK) {
                    body.write(data, (int) at, (int) Math.min(SLOW_CHUNK, data.length - at));
                    body.flush();
                    Thread.sleep(slowBodyChunkMillis);
                }
                return;
            }
            for (long at = from; at < data.length; at += 1 << 20) { // the JDK server copies each write whole
                body.write(data, (int) at, (int) Math.min(1 << 20, data.length - at));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ex.getResponseHeaders().set("X-Error-Code", code);
        ex.getResponseHeaders().set("X-Error-Message", message);
        send(ex, status, null);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (body == null || head) {
            if (body != null) {
                ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }

    /** @return a file map from alternating names and contents (String as UTF-8, or byte[]) */
    public static Map<String, byte[]> files(Object... nameAndBytes) {
        Map<String, byte[]> m = new HashMap<>();
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            Object v = nameAndBytes[i + 1];
            m.put((String) nameAndBytes[i], v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
        }
        return m;
    }

}
