package ai.tvlt.weights.hub;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * </ul>
 *
 * @param endpoint hub base URL, without a trailing slash
 * @param token access token, or null for anonymous access
 * @param cacheDir the hub cache folder (holding {@code models--owner--name} folders)
 * @param offline whether to work from the cache only
 */
public record HubEnvironment(URI endpoint, String token, Path cacheDir, boolean offline) {

    /** The public hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    /** Validates the endpoint and normalises the token (blank means none). */
    public HubEnvironment {
        InvalidInputException.requireNonNull(endpoint, "endpoint");
        InvalidInputException.requireNonNull(cacheDir, "cacheDir");
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
     * @throws ConfigException when HF_ENDPOINT is not an http(s) URL
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
        return new HubEnvironment(uri, token, cache, offline);
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
        return new HubEnvironment(endpoint, token, cacheDir, offline);
    }

    /**
     * @param cacheDir another cache folder
     * @return a copy using it
     */
    public HubEnvironment withCacheDir(Path cacheDir) {
        return new HubEnvironment(endpoint, token, cacheDir, offline);
    }

    /**
     * @param token another token (null for anonymous)
     * @return a copy using it
     */
    public HubEnvironment withToken(String token) {
        return new HubEnvironment(endpoint, token, cacheDir, offline);
    }

    /** Describes the environment with the token redacted. */
    @Override
    public String toString() {
        return "HubEnvironment[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "<redacted>")
                + ", cacheDir=" + cacheDir + ", offline=" + offline + "]";
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
