package ai.tvlt.weights.hub;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches TVLT checkpoints from the Hugging Face hub into the cache that Python's {@code huggingface_hub}
 * uses (see {@link HubCache} for the layout and {@link HubEnvironment} for the variables), so a model
 * downloaded by either is found by both. {@link #resolve(String)} turns {@code owner/name[@revision]}
 * into a local snapshot folder holding {@code config.json}, {@code preprocessor_config.json} (when the
 * repository has one) and the weights, preferring {@code model.safetensors}, then the sharded
 * {@code model.safetensors.index.json} with its shards, then {@code pytorch_model.bin}, then the sharded
 * {@code pytorch_model.bin.index.json} with its shards (transformers' order).
 *
 * <p>Requests: for a full commit hash whose snapshot is complete in the cache, none. For a branch, tag or
 * {@code refs/pr/N}, one HEAD of {@code config.json} to learn the revision's current commit (as
 * huggingface_hub does; the cached {@code refs/} file is only trusted offline), then a HEAD and a GET for
 * each file that is not cached yet. Files found missing are remembered in {@code .no_exist/}. When the
 * hub cannot be reached the client falls back to the cached snapshot of the revision, if complete.
 * With {@code HF_HUB_OFFLINE=1} no request is made at all.
 *
 * <p>Thread-safe: one client may resolve several models from several threads; concurrent downloads of
 * the same blob (also by other processes) are serialised by a lock file.
 */
public final class HubClient {

    /** The model configuration, required. */
    public static final String CONFIG = "config.json";
    /** The processor configuration, fetched when present. */
    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHARD_NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final int MAX_SHARDS = 10_000;
    private static final String WEIGHT_FILES = "model.safetensors, model.safetensors.index.json, pytorch_model.bin"
            + " or pytorch_model.bin.index.json";

    private final HubEnvironment env;
    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownloader blobs;

    private HubClient(Builder b) {
        this.env = b.environment != null ? b.environment : HubEnvironment.fromSystem();
        this.cache = new HubCache(env.cacheDir());
        HttpClient client = b.httpClient;
        Function<URI, Optional<String>> proxyAuthorization = url -> Optional.empty();
        if (client == null) {
            ProxySelector proxies = EnvironmentProxies.choose(b.proxyVariables, System.getProperties());
            if (proxies instanceof EnvironmentProxies fromVariables) {
                fromVariables.warnIfTunnelCredentialsDropped(System.getProperties());
                proxyAuthorization = fromVariables::authorization;
                LOG.debug("{}", fromVariables);
            }
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(b.connectTimeout != null ? b.connectTimeout
                            : max(env.downloadTimeout(), env.etagTimeout()))
                    .proxy(proxies)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        this.http = new HubHttp(client, env, b.metadataTimeout != null ? b.metadataTimeout : env.etagTimeout(),
                b.readTimeout != null ? b.readTimeout : env.downloadTimeout(), proxyAuthorization);
        this.blobs = new BlobDownloader(http, cache, b.progress, b.maxAttempts, b.retryDelay);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** @return a client configured from this process's environment, with a console progress bar when interactive */
    public static HubClient create() {
        return builder().build();
    }

    /** @return a builder with the defaults of {@link #create()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the environment in use */
    public HubEnvironment environment() {
        return env;
    }

    /**
     * Resolves a model id to a local snapshot folder, downloading what is missing.
     *
     * @param spec {@code owner/name} or {@code owner/name@revision} (branch, tag, commit, {@code refs/pr/N})
     * @return the snapshot folder ({@code <cache>/models--owner--name/snapshots/<commit>})
     * @throws InvalidInputException for a malformed id or revision
     * @throws HubException when the model cannot be fetched or found in the cache (the message says why
     *     and what to do)
     */
    public Path resolve(String spec) {
        return download(RepoRef.parse(spec)).folder();
    }

    /**
     * Like {@link #resolve(String)}, but an existing local folder is returned as it is, so a command line
     * option can take either a model id or a checkpoint folder (as transformers' from_pretrained does).
     *
     * @param modelOrFolder a folder path or {@code owner/name[@revision]}
     * @return the folder
     */
    public Path locate(String modelOrFolder) {
        try {
            Path p = Path.of(modelOrFolder);
            if (Files.isDirectory(p)) {
                return p;
            }
        } catch (InvalidPathException e) {
            // not a path: treat as a model id
        }
        return resolve(modelOrFolder);
    }

    /**
     * Makes the files of a repository revision available in the cache.
     *
     * @param repo the repository and revision
     * @return the snapshot
     * @throws HubException when the model cannot be fetched or found in the cache
     * @throws CorruptFileException when a download does not match its announced size or sha256
     */
    public Snapshot download(RepoRef repo) {
        InvalidInputException.requireNonNull(repo, "repo");
        if (env.offline()) {
            CacheLookup cached = lookInCache(repo, false);
            return cached.snapshot().orElseThrow(() -> notInCache(repo, cached.missing(),
                    "offline mode is on (HF_HUB_OFFLINE)", null));
        }
        if (repo.isCommitHash()) {
            Optional<Snapshot> cached = lookInCache(repo, true).snapshot();
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        FileMetadata config;
        try {
            config = http.head(repo, repo.revision(), CONFIG).orElseThrow(() -> new HubException(
                    HubException.Reason.FILE_NOT_FOUND, 404, repo + " has no " + CONFIG
                            + "; it is not a transformers model repository"));
        } catch (IOException e) {
            CacheLookup cached = lookInCache(repo, false);
            if (cached.snapshot().isPresent()) {
                LOG.warn("cannot reach {} ({}); using the cached snapshot {} of {}", env.endpoint(), describe(e),
                        cached.snapshot().get().commit(), repo);
                return cached.snapshot().get();
            }
            throw notInCache(repo, cached.missing(), "cannot reach " + env.endpoint() + " (" + describe(e) + ")", e);
        }
        String commit = config.commit();
        cache.writeRef(repo, commit);
        return fetchSnapshot(repo, commit, config);
    }

    private Snapshot fetchSnapshot(RepoRef repo, String commit, FileMetadata config) {
        List<String> files = new ArrayList<>();
        install(repo, commit, CONFIG, config);
        files.add(CONFIG);
        if (fetchIfExists(repo, commit, PREPROCESSOR_CONFIG)) {
            files.add(PREPROCESSOR_CONFIG);
        }
        for (Snapshot.WeightsFormat format : Snapshot.WeightsFormat.values()) {
            if (fetchIfExists(repo, commit, format.fileName())) {
                files.add(format.fileName());
                if (format.isSharded()) {
                    for (String shard : shardsOf(cache.pointer(repo, commit, format.fileName()))) {
                        if (!fetchIfExists(repo, commit, shard)) {
                            throw new HubException(HubException.Reason.FILE_NOT_FOUND, 404, format.fileName()
                                    + " of " + repo + " lists the shard " + shard + ", which the repository lacks");
                        }
                        files.add(shard);
                    }
                }
                return new Snapshot(repo, commit, cache.snapshot(repo, commit), format, files);
            }
        }
        throw new HubException(HubException.Reason.FILE_NOT_FOUND, 404, repo + " (commit " + commit
                + ") has none of " + WEIGHT_FILES);
    }

    /** @return false when the file does not exist at the commit (remembered in .no_exist) */
    private boolean fetchIfExists(RepoRef repo, String commit, String file) {
        if (Files.exists(cache.pointer(repo, commit, file))) {
            return true;
        }
        if (cache.isMarkedMissing(repo, commit, file)) {
            return false;
        }
        Optional<FileMetadata> meta;
        try {
            meta = http.head(repo, commit, file);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.TRANSFER_FAILED, 0, "lost the connection to "
                    + env.endpoint() + " while resolving " + file + " of " + repo + ": " + describe(e), e);
        }
        if (meta.isEmpty()) {
            cache.markMissing(repo, commit, file);
            return false;
        }
        install(repo, commit, file, meta.get());
        return true;
    }

    private void install(RepoRef repo, String commit, String file, FileMetadata meta) {
        Path pointer = cache.pointer(repo, commit, file);
        if (Files.exists(pointer)) {
            return;
        }
        Path blob = blobs.ensureBlob(repo, file, meta);
        cache.link(blob, pointer);
    }

    /** What the cache holds for a revision: a usable snapshot, or the list of what is missing. */
    private record CacheLookup(Optional<Snapshot> snapshot, List<String> missing) {
    }

    /**
     * @param strict when true, a weight file of higher preference whose existence is unknown (neither
     *     cached nor marked missing) makes the lookup incomplete, so that an online run asks the hub
     */
    private CacheLookup lookInCache(RepoRef repo, boolean strict) {
        List<String> missing = new ArrayList<>();
        Optional<String> commitFound = cache.commitOf(repo);
        if (commitFound.isEmpty()) {
            missing.add("refs/" + repo.revision() + " (no commit is recorded for revision '" + repo.revision() + "')");
            return new CacheLookup(Optional.empty(), missing);
        }
        String commit = commitFound.get();
        Path folder = cache.snapshot(repo, commit);
        String where = "snapshots/" + commit + "/";
        List<String> files = new ArrayList<>();
        if (Files.exists(folder.resolve(CONFIG))) {
            files.add(CONFIG);
        } else {
            missing.add(where + CONFIG);
        }
        if (Files.exists(folder.resolve(PREPROCESSOR_CONFIG))) {
            files.add(PREPROCESSOR_CONFIG);
        } else if (strict && !cache.isMarkedMissing(repo, commit, PREPROCESSOR_CONFIG)) {
            missing.add(where + PREPROCESSOR_CONFIG);
        }
        Snapshot.WeightsFormat chosen = null;
        for (Snapshot.WeightsFormat format : Snapshot.WeightsFormat.values()) {
            Path file = folder.resolve(format.fileName());
            if (Files.exists(file)) {
                files.add(format.fileName());
                if (format.isSharded()) {
                    for (String shard : shardsOf(file)) {
                        if (Files.exists(folder.resolve(shard))) {
                            files.add(shard);
                        } else {
                            missing.add(where + shard);
                        }
                    }
                }
                chosen = format;
                break;
            }
            if (strict && !cache.isMarkedMissing(repo, commit, format.fileName())) {
                missing.add(where + format.fileName());
                break;
            }
        }
        if (chosen == null && missing.stream().noneMatch(m -> m.contains("safetensors") || m.contains(".bin"))) {
            missing.add(where + WEIGHT_FILES);
        }
        if (!missing.isEmpty()) {
            return new CacheLookup(Optional.empty(), missing);
        }
        return new CacheLookup(Optional.of(new Snapshot(repo, commit, folder, chosen, files)), missing);
    }

    /** The distinct shard files of a {@code *.index.json}, validated as relative names. */
    private static List<String> shardsOf(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new CorruptFileException(index + ": not a valid weights index: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CorruptFileException(index + ": no \"weight_map\" object");
        }
        TreeSet<String> shards = new TreeSet<>();
        for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            String shard = v.isTextual() ? v.asText() : "";
            if (!SHARD_NAME.matcher(shard).matches() || shard.contains("..")) {
                throw new CorruptFileException(index + ": invalid shard file name '" + shard + "'");
            }
            shards.add(shard);
            if (shards.size() > MAX_SHARDS) {
                throw new CorruptFileException(index + ": more than " + MAX_SHARDS + " shards");
            }
        }
        if (shards.isEmpty()) {
            throw new CorruptFileException(index + ": the weight_map is empty");
        }
        return List.copyOf(shards);
    }

    private static String describe(IOException e) {
        return HubErrors.describe(e);
    }

    private HubException notInCache(RepoRef repo, List<String> missing, String why, Throwable cause) {
        String rev = repo.revision().equals(RepoRef.DEFAULT_REVISION) ? "" : " --revision " + repo.revision();
        return new HubException(HubException.Reason.NOT_IN_CACHE, 0, why + ", and the cache "
                + cache.repoFolder(repo) + " does not hold " + repo + ": missing " + String.join(", ", missing)
                + ". Download it once with network access (tvlt download " + repo.repoId()
                + (rev.isEmpty() ? "" : "@" + repo.revision()) + ", or Python's huggingface-cli download "
                + repo.repoId() + rev + ", which fill the same cache; set HF_HUB_CACHE or HF_HOME if it lives"
                + " elsewhere), or pass a local folder holding config.json and model.safetensors or"
                + " pytorch_model.bin instead of a model id.", cause);
    }

    /** Options of a {@link HubClient}. Not thread-safe; build once. */
    public static final class Builder {
        private HubEnvironment environment;
        private HttpClient httpClient;
        private Map<String, String> proxyVariables = System.getenv();
        private DownloadProgress progress = DownloadProgress.automatic();
        private int maxAttempts = 5;
        private Duration retryDelay = Duration.ofSeconds(1);
        private Duration metadataTimeout;
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder() {
        }

        /**
         * @param environment endpoint, token, cache and offline mode (default {@link HubEnvironment#fromSystem()})
         * @return this builder
         */
        public Builder environment(HubEnvironment environment) {
            this.environment = InvalidInputException.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * @param httpClient the HTTP client; it must not follow redirects itself
         *     ({@link HttpClient.Redirect#NEVER}), the hub client does
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new InvalidInputException("the HttpClient must use Redirect.NEVER: the hub client follows"
                        + " redirects itself to read the hub's headers and keep the token off CDNs");
            }
            this.httpClient = httpClient;
            return this;
        }

        /**
         * @param variables where to read {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY} and
         *     {@code NO_PROXY} (either case) from, instead of this process's environment; ignored when the
         *     Java proxy properties ({@code https.proxyHost} ...) are set, which win, or with
         *     {@link #httpClient(HttpClient)}, whose proxy settings are its own
         * @return this builder
         */
        public Builder proxyVariables(Map<String, String> variables) {
            this.proxyVariables = Map.copyOf(InvalidInputException.requireNonNull(variables, "variables"));
            return this;
        }

        /**
         * @param progress download progress listener (default: a console bar when a console is attached)
         * @return this builder
         */
        public Builder progress(DownloadProgress progress) {
            this.progress = InvalidInputException.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param maxAttempts tries per file when the connection breaks (each resumes where the last
         *     stopped); default 5
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new InvalidInputException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param retryDelay pause before the second attempt, growing linearly; default 1 s
         * @return this builder
         */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = InvalidInputException.requireNonNull(retryDelay, "retryDelay");
            return this;
        }

        /**
         * @param timeout how long to wait for the hub's answer to a metadata request; default the environment's
         *     {@link HubEnvironment#etagTimeout()} ({@code HF_HUB_ETAG_TIMEOUT}, 10 s)
         * @return this builder
         */
        public Builder metadataTimeout(Duration timeout) {
            this.metadataTimeout = positive(timeout, "metadataTimeout");
            return this;
        }

        /**
         * @param timeout how long a download may wait for its response headers, then for each next bytes of
         *     the body: the clock restarts whenever bytes arrive, so a slow transfer that keeps flowing goes
         *     on and a stalled one fails after this long (and is resumed by the next attempt, see
         *     {@link #maxAttempts(int)}); default the environment's {@link HubEnvironment#downloadTimeout()}
         *     ({@code HF_HUB_DOWNLOAD_TIMEOUT}, 10 s)
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * @param timeout TCP connect timeout of the default HTTP client; default the longer of the environment's
         *     two timeouts (huggingface_hub gives each request's timeout to the connection too)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidInputException(name + " must be a positive duration, got " + d);
            }
            return d;
        }

        /** @return the client */
        public HubClient build() {
            return new HubClient(this);
        }
    }
}
