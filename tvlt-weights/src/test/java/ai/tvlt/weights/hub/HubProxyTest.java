package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY as requests reads them, checked against a {@link LoopbackProxy}
 * that alone can reach the hub's host name ({@code .invalid} never resolves).
 */
class HubProxyTest {

    static final String REPO = "ZinengTang/tvlt-base";
    static final String MAIN = "0123456789abcdef0123456789abcdef01234567";
    static final String HIDDEN_HOST = "hub.only-via-proxy.invalid";

    @TempDir
    Path cache;

    FakeHub hub;
    LoopbackProxy proxy;
    byte[] weights;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        weights = new byte[100_000];
        new Random(7).nextBytes(weights);
        hub.repo(REPO).commit(MAIN, FakeHub.files("config.json", "{\"model_type\": \"tvlt\"}",
                "model.safetensors", weights)).ref("main", MAIN);
        hub.repo(REPO).requiredToken = "hf_secret";
        proxy = new LoopbackProxy()
                .route(HIDDEN_HOST + ":" + hub.hubAddress().getPort(), hub.hubAddress())
                .route("127.0.0.1:" + hub.cdnAddress().getPort(), hub.cdnAddress());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        hub.close();
    }

    HubClient client(URI endpoint, Map<String, String> variables) {
        return HubClient.builder()
                .environment(new HubEnvironment(endpoint, "hf_secret", cache, false))
                .proxyVariables(variables)
                .progress(DownloadProgress.none())
                .maxAttempts(1)
                .retryDelay(Duration.ZERO)
                .build();
    }

    URI hiddenEndpoint() {
        return URI.create("http://" + HIDDEN_HOST + ":" + hub.hubAddress().getPort());
    }

    @Test
    void downloadsThroughTheProxyFromAHostOnlyItCanReach() throws IOException {
        String withCredentials = proxy.url().replace("://", "://alice:p%40ss@");
        Path folder = client(hiddenEndpoint(), Map.of("HTTP_PROXY", withCredentials)).resolve(REPO);

        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
        assertTrue(proxy.heads.stream().anyMatch(h -> h.startsWith("HEAD " + hiddenEndpoint() + "/" + REPO
                + "/resolve/main/config.json")), proxy.heads.toString());
        assertTrue(proxy.heads.stream().anyMatch(h -> h.startsWith("GET http://127.0.0.1:"
                + hub.cdnAddress().getPort() + "/repos/")), "the CDN request went through the proxy too");
        String basic = "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(
                "alice:p@ss".getBytes(StandardCharsets.UTF_8));
        assertTrue(proxy.heads.stream().allMatch(h -> h.contains(basic)), proxy.heads.toString());
    }

    @Test
    void withoutTheProxyTheHiddenHostIsUnreachable() {
        HubException e = assertThrows(HubException.class, () -> client(hiddenEndpoint(), Map.of()).resolve(REPO));
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
        assertTrue(proxy.heads.isEmpty());
    }

    @Test
    void noProxyHostsGoDirect() throws IOException {
        Path folder = client(hub.endpoint(), Map.of("http_proxy", proxy.url(), "NO_PROXY", "localhost, 127.0.0.1"))
                .resolve(REPO);
        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.safetensors")));
        assertEquals(List.of(), proxy.heads);
    }

    @Test
    void httpsGoesThroughATunnelAndTheTokenNeverReachesTheProxy() throws Exception {
        AtomicInteger firstByte = new AtomicInteger(-1);
        try (ServerSocket tlsServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try (Socket s = tlsServer.accept(); InputStream in = s.getInputStream()) {
                    firstByte.set(in.read());
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            sink.start();
            proxy.route(HIDDEN_HOST + ":443", (InetSocketAddress) tlsServer.getLocalSocketAddress());
            URI endpoint = URI.create("https://" + HIDDEN_HOST);
            HubClient client = client(endpoint, Map.of("HTTPS_PROXY", proxy.url()));
            assertThrows(HubException.class, () -> client.resolve(REPO)); // the sink speaks no TLS
            sink.join(10_000);
        }
        assertTrue(proxy.heads.get(0).startsWith("CONNECT " + HIDDEN_HOST + ":443 "), proxy.heads.toString());
        assertEquals(0x16, firstByte.get(), "a TLS handshake record went through the tunnel");
        assertFalse(proxy.clientBytes().contains("hf_secret"), "the token crossed the proxy in clear");
        assertFalse(proxy.clientBytes().contains("Authorization: Bearer"), proxy.clientBytes());
    }

    @Test
    void noProxyFollowsRequests() {
        EnvironmentProxies p = EnvironmentProxies.fromVariables(Map.of("HTTPS_PROXY", "proxy:3128",
                "NO_PROXY", "example.com, .corp.net,10.0.0.0/8,192.168.1.5,internal:8443"));
        assertBypass(p, true, "https://example.com/x", "https://api.example.com", "https://myexample.com",
                "https://a.corp.net", "https://corp.net", "https://10.1.2.3", "https://192.168.1.5:9000",
                "https://internal:8443/");
        assertBypass(p, false, "https://huggingface.co", "https://11.1.2.3", "https://192.168.1.6",
                "https://internal/", "https://internal:9000");
        assertBypass(EnvironmentProxies.fromVariables(Map.of("https_proxy", "p:1", "no_proxy", "*")), true,
                "https://huggingface.co");
        InetSocketAddress chosen = (InetSocketAddress) p.select(URI.create("https://huggingface.co")).get(0).address();
        assertEquals("proxy:3128", chosen.getHostString() + ":" + chosen.getPort(), "a scheme-less proxy is http://");
        assertEquals(List.of(Proxy.NO_PROXY), p.select(URI.create("http://huggingface.co")), "no HTTP_PROXY");
    }

    @Test
    void lowerCaseWinsAndAllProxyIsTheFallback() {
        Map<String, String> vars = new HashMap<>(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy",
                "http://lower:2", "ALL_PROXY", "http://all:3"));
        EnvironmentProxies p = EnvironmentProxies.fromVariables(vars);
        assertEquals("lower", host(p, "https://huggingface.co"));
        assertEquals("all", host(p, "http://huggingface.co"));
        vars.put("https_proxy", "");
        assertEquals("all", host(EnvironmentProxies.fromVariables(vars), "https://huggingface.co"),
                "an empty lower-case variable cancels the upper-case one");
    }

    @Test
    void javaPropertiesWin() {
        Properties props = new Properties();
        props.setProperty("https.proxyHost", "java-proxy");
        assertFalse(EnvironmentProxies.choose(Map.of("HTTPS_PROXY", "env:1"), props) instanceof EnvironmentProxies);
        assertTrue(EnvironmentProxies.choose(Map.of("HTTPS_PROXY", "env:1"), new Properties())
                instanceof EnvironmentProxies);
    }

    @Test
    void unusableProxyUrlsAreRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnvironmentProxies.fromVariables(Map.of("HTTPS_PROXY", "socks5://u:secret@p:1080")));
        assertTrue(e.getMessage().startsWith("HTTPS_PROXY names a socks5:// proxy"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    private static String host(EnvironmentProxies p, String url) {
        return ((InetSocketAddress) p.select(URI.create(url)).get(0).address()).getHostString();
    }

    private static void assertBypass(EnvironmentProxies p, boolean expected, String... urls) {
        for (String url : urls) {
            assertEquals(expected, p.bypasses(URI.create(url)), url);
        }
    }
}
