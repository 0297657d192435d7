package ai.tvlt.weights.hub;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where and how the hub client works, read from the same environment variables as Python's
 * {@code huggingface_hub}, so both share one cache and one configuration. Immutable; build it with
 * {@link #fromSystem()} or, in tests and embedding code, {@link #fromVariables(Map, Path)} or the
 * canonical constructor.
 *
 * <ul>
 *   <li>{@code HF_ENDPOINT}: the hub (default {@code https://huggingface.co}).</li>
 *   <li>{@code HF_HUB_CACHE} (legacy {@code HUGGINGFACE_HUB_CACHE}): the cache folder, default
 *       {@code $HF_HOME/hub}; {@code HF_HOME} defaults to {@code $XDG_CACHE_HOME/huggingface}, else
 *       {@code ~/.cache/huggingface}.</li>
 *   <li>{@code HF_TOKEN} (legacy {@code HUGGING_FACE_HUB_TOKEN}): sent as {@code Authorization: Bearer}
 *       to the hub only; otherwise the token file {@code huggingface-cli login} writes
 *       ({@code HF_TOKEN_PATH}, default {@code $HF_HOME/token}). Never logged: {@link #toString()}
 *       redacts it.</li>
 *   <li>{@code HF_HUB_OFFLINE} = 1/true/yes/on: use the cache only, make no request.</li>
 *   <li>{@code HF_HUB_DOWNLOAD_TIMEOUT}: seconds a file download may wait to connect, for its response and
 *       then for each next bytes of its body (default 10); {@code HF_HUB_ETAG_TIMEOUT}: seconds a metadata
 *       request may wait (default 10). Whole numbers of seconds as huggingface_hub reads them ({@code int(value)});
 *       0 means the default, as there ({@code int(value) or 10}).</li>
 * </ul>
 *
 * @param endpoint hub base URL, without a trailing slash
 * @param token access token, or null for anonymous access
 * @param cacheDir the hub cache folder (holding {@code models--owner--name} folders)
 * @param offline whether to work from the cache only
 * @param downloadTimeout how long a download may wait for the connection, its response and each next bytes
 * @param etagTimeout how long a metadata request may wait for its response
 */
public record HubEnvironment(URI endpoint, String token, Path cacheDir, boolean offline, Duration downloadTimeout,
        Duration etagTimeout) {

    /** The public hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** huggingface_hub's {@code DEFAULT_DOWNLOAD_TIMEOUT} and {@code DEFAULT_ETAG_TIMEOUT}: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    /** Validates the endpoint and the timeouts, and normalises the token (blank means none). */
    public HubEnvironment {
        InvalidInputException.requireNonNull(endpoint, "endpoint");
        InvalidInputException.requireNonNull(cacheDir, "cacheDir");
        positive(downloadTimeout, "downloadTimeout");
        positive(etagTimeout, "etagTimeout");
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || endpoint.getHost() == null) {
            throw new ConfigException("hub endpoint '" + endpoint + "' is not an http(s) URL (check HF_ENDPOINT)");
        }
        String s = endpoint.toString();
        if (s.endsWith("/")) {
            endpoint = URI.create(s.substring(0, s.length() - 1));
        }
        token = token == null || token.isBlank() ? null : token.strip();
    }

    /**
     * With huggingface_hub's default timeouts (10 s each).
     *
     * @param endpoint hub base URL
     * @param token access token, or null for anonymous access
     * @param cacheDir the hub cache folder
     * @param offline whether to work from the cache only
     */
    public HubEnvironment(URI endpoint, String token, Path cacheDir, boolean offline) {
        this(endpoint, token, cacheDir, offline, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    /** @return the environment of this process ({@link System#getenv()}, home from {@code user.home}) */
    public static HubEnvironment fromSystem() {
        return fromVariables(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Reads the variables listed in the class comment from a map.
     *
     * @param env environment variables
     * @param home the user's home folder (for {@code ~} and the default cache)
     * @return the environment
     * @throws ConfigException when HF_ENDPOINT is not an http(s) URL, or a timeout is not a whole number of
     *     seconds from 0 to 2147483647
     */
    public static HubEnvironment fromVariables(Map<String, String> env, Path home) {
        Path hfHome = path(env.get("HF_HOME"), home);
        if (hfHome == null) {
            Path xdg = path(env.get("XDG_CACHE_HOME"), home);
            hfHome = (xdg != null ? xdg : home.resolve(".cache")).resolve("huggingface");
        }
        Path cache = path(first(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE")), home);
        if (cache == null) {
            cache = hfHome.resolve("hub");
        }
        String endpoint = first(env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT.toString());
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("HF_ENDPOINT '" + endpoint + "' is not a URL");
        }
        String token = first(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN"));
        if (token == null) {
            Path tokenPath = path(env.get("HF_TOKEN_PATH"), home);
            token = readTokenFile(tokenPath != null ? tokenPath : hfHome.resolve("token"));
        }
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE"));
        return new HubEnvironment(uri, token, cache, offline, seconds(env, "HF_HUB_DOWNLOAD_TIMEOUT"),
                seconds(env, "HF_HUB_ETAG_TIMEOUT"));
    }

    /** @return whether a token will be sent */
    public boolean hasToken() {
        return token != null;
    }

    /**
     * @param offline cache-only mode
     * @return a copy with that mode
     */
    public HubEnvironment withOffline(boolean offline) {
        return new HubEnvironment(endpoint, token, cacheDir, offline, downloadTimeout, etagTimeout);
    }

    /**
     * @param cacheDir another cache folder
     * @return a copy using it
     */
    public HubEnvironment withCacheDir(Path cacheDir) {
        return new HubEnvironment(endpoint, token, cacheDir, offline, downloadTimeout, etagTimeout);
    }

    /**
     * @param token another token (null for anonymous)
     * @return a copy using it
     */
    public HubEnvironment withToken(String token) {
        return new HubEnvironment(endpoint, token, cacheDir, offline, downloadTimeout, etagTimeout);
    }

    /**
     * @param downloadTimeout how long a download may wait for the connection, its response and each next bytes
     * @param etagTimeout how long a metadata request may wait for its response
     * @return a copy with these timeouts
     */
    public HubEnvironment withTimeouts(Duration downloadTimeout, Duration etagTimeout) {
        return new HubEnvironment(endpoint, token, cacheDir, offline, downloadTimeout, etagTimeout);
    }

    /** Describes the environment with the token redacted. */
    @Override
    public String toString() {
        return "HubEnvironment[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "<redacted>")
                + ", cacheDir=" + cacheDir + ", offline=" + offline + ", downloadTimeout=" + downloadTimeout.toSeconds()
                + " s, etagTimeout=" + etagTimeout.toSeconds() + " s]";
    }

    /** A timeout variable as huggingface_hub reads it: {@code int(value) or 10}; unset or blank is the default. */
    private static Duration seconds(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            throw new ConfigException(name + " must be a whole number of seconds from 0 to " + Integer.MAX_VALUE
                    + " (0 means the default, 10), got '" + value + "'");
        }
        return seconds == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(seconds);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(name + " must be a positive duration, got " + d);
        }
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }

    private static Path path(String value, Path home) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.equals("~")) {
            return home;
        }
        if (v.startsWith("~/")) {
            return home.resolve(v.substring(2));
        }
        return Path.of(v);
    }

    /** @return whether a variable is 1, true, yes or on (any case), as huggingface_hub reads flags */
    static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    private static String readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            return t.isEmpty() ? null : t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hub token file " + file, e);
        }
    }
}
