package ai.tvlt.weights.hub;

import ai.tvlt.core.error.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxies of the environment variables that Python's {@code requests} (and so huggingface_hub)
 * honours: {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY}, each also in
 * lower case, the lower-case one winning (urllib's {@code getproxies_environment}; an empty lower-case
 * variable cancels its upper-case twin). A URL goes through the proxy of its scheme, else
 * {@code ALL_PROXY}, unless {@code NO_PROXY} excludes its host, as requests' {@code should_bypass_proxies}
 * decides: entries are comma-separated; {@code *} excludes every host; an IPv4 host is excluded by an equal
 * address or a CIDR block holding it ({@code 10.0.0.0/8}); any other host by an entry it ends with
 * ({@code example.com}, {@code .example.com}), or that its {@code host:port} ends with when the URL names
 * a port. (Like requests, a plain suffix match: {@code example.com} also excludes {@code myexample.com}.)
 *
 * <p>A proxy URL without a scheme is an {@code http://} one, its port defaults to 80, and credentials in
 * it ({@code http://user:password@proxy:3128}) are sent as {@code Proxy-Authorization: Basic} (see
 * {@link #authorization(URI)}). Only plain-HTTP proxies are supported: {@code java.net.http} neither speaks
 * TLS to a proxy nor SOCKS, so such a URL is refused with a message rather than ignored. An https URL goes
 * through the proxy in a {@code CONNECT} tunnel: the proxy sees the host name only, never the request or the
 * token.
 *
 * <p>Immutable, thread-safe.
 */
final class EnvironmentProxies extends ProxySelector {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentProxies.class);
    private static final List<String> SYSTEM_PROPERTIES = List.of("http.proxyHost", "https.proxyHost",
            "socksProxyHost");
    /** The JDK property listing the authentication schemes it refuses for https tunnels through a proxy. */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final Map<String, URI> proxies;
    private final List<String> noProxy;

    private EnvironmentProxies(Map<String, URI> proxies, List<String> noProxy) {
        this.proxies = proxies;
        this.noProxy = noProxy;
    }

    /**
     * The proxy selector of the hub client: the JVM's own ({@link ProxySelector#getDefault()}) when any of
     * the Java proxy properties is set ({@code http.proxyHost}, {@code https.proxyHost},
     * {@code socksProxyHost}, {@code java.net.useSystemProxies=true}), else the one of the variables.
     *
     * @param variables environment variables
     * @param properties system properties
     * @return the selector; {@link #authorization(URI)} is only asked of an {@code EnvironmentProxies}
     * @throws ConfigException when a proxy variable holds a URL that cannot be used
     */
    static ProxySelector choose(Map<String, String> variables, Properties properties) {
        boolean javaProperties = SYSTEM_PROPERTIES.stream().anyMatch(p -> !properties.getProperty(p, "").isBlank())
                || Boolean.parseBoolean(properties.getProperty("java.net.useSystemProxies"));
        if (javaProperties) {
            LOG.debug("Java proxy properties are set; proxy environment variables are ignored");
            return ProxySelector.getDefault();
        }
        return fromVariables(variables);
    }

    /**
     * @param variables environment variables
     * @return the proxies they name
     * @throws ConfigException when a proxy variable holds a URL that cannot be used
     */
    static EnvironmentProxies fromVariables(Map<String, String> variables) {
        Map<String, URI> proxies = new HashMap<>();
        for (String scheme : List.of("http", "https", "all")) {
            String name = scheme + "_proxy";
            String value = lowerCaseWins(variables, name);
            if (value != null) {
                proxies.put(scheme, parseProxy(name.toUpperCase(Locale.ROOT), value));
            }
        }
        String no = lowerCaseWins(variables, "no_proxy");
        List<String> noProxy = no == null ? List.of() : List.of(no.replace(" ", "").split(",")).stream()
                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return new EnvironmentProxies(Map.copyOf(proxies), noProxy);
    }

    /** urllib: the lower-case variable wins; an empty lower-case one removes the upper-case one. */
    private static String lowerCaseWins(Map<String, String> variables, String lower) {
        String value = variables.get(lower);
        if (value == null) {
            value = variables.get(lower.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI parseProxy(String variable, String value) {
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " is not a proxy URL (" + redact(value) + ")");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(variable + " names a " + uri.getScheme() + ":// proxy (" + redact(value)
                    + "); only http:// proxies are supported (https URLs still go through them encrypted,"
                    + " in a CONNECT tunnel)");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(variable + " has no proxy host (" + redact(value) + ")");
        }
        return uri;
    }

    /** Hides the password of a proxy URL in messages. */
    static String redact(String proxyUrl) {
        return proxyUrl.replaceAll("://[^/@]*@", "://***@");
    }

    @Override
    public List<Proxy> select(URI uri) {
        return proxyFor(uri).map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                        InetSocketAddress.createUnresolved(p.getHost(), p.getPort() >= 0 ? p.getPort() : 80))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    /**
     * @param uri a request URL
     * @return the {@code Proxy-Authorization} header value for the proxy it goes through, when that proxy's
     *     URL carries credentials
     */
    Optional<String> authorization(URI uri) {
        return proxyFor(uri).map(URI::getRawUserInfo).map(info -> {
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * The JDK drops a Basic {@code Proxy-Authorization} from the {@code CONNECT} of an https tunnel unless
     * {@code jdk.http.auth.tunneling.disabledSchemes} is set without Basic (its default is Basic, read once
     * per JVM): say so when that would silently lose the credentials of an https proxy.
     */
    void warnIfTunnelCredentialsDropped(Properties properties) {
        URI https = proxies.getOrDefault("https", proxies.get("all"));
        String disabled = properties.getProperty(TUNNELING_DISABLED_SCHEMES, "Basic");
        if (https != null && https.getRawUserInfo() != null
                && List.of(disabled.split(",")).stream().anyMatch(s -> s.strip().equalsIgnoreCase("Basic"))) {
            LOG.warn("the https proxy {} has credentials, but the JVM does not send Basic proxy credentials"
                    + " in https tunnels; start it with -D{}= (the tvlt command does)", redact(https.toString()),
                    TUNNELING_DISABLED_SCHEMES);
        }
    }

    private Optional<URI> proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        URI proxy = proxies.getOrDefault(scheme, proxies.get("all"));
        if (proxy == null || uri.getHost() == null || bypasses(uri)) {
            return Optional.empty();
        }
        return Optional.of(proxy);
    }

    /** requests' should_bypass_proxies, then urllib's proxy_bypass_environment. */
    boolean bypasses(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean ipv4 = IPV4.matcher(host).matches();
        String hostWithPort = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            if (ipv4) {
                if (entry.contains("/") ? inCidr(host, entry) : host.equals(entry)) {
                    return true;
                }
            } else if (host.endsWith(entry) || hostWithPort.endsWith(entry)) {
                return true;
            }
            String name = entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(name) || host.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    /** requests' address_in_network for an {@code a.b.c.d/bits} entry; a malformed one matches nothing. */
    private static boolean inCidr(String ip, String cidr) {
        int slash = cidr.indexOf('/');
        Long address = ipv4(ip);
        Long network = ipv4(cidr.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (address == null || network == null || bits < 1 || bits > 32) {
            return false;
        }
        long mask = (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (address & mask) == (network & mask);
    }

    private static Long ipv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return null;
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress proxy, IOException failure) {
        LOG.debug("cannot connect to the proxy {} for {}: {}", proxy, HubHttp.redactQuery(uri), failure.toString());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("proxies");
        proxies.forEach((k, v) -> sb.append(' ').append(k).append('=').append(redact(v.toString())));
        return sb.append(" no_proxy=").append(noProxy).toString();
    }
}
