package ai.tvlt.weights.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A forwarding HTTP proxy on 127.0.0.1 for tests: {@code CONNECT host:port} tunnels and absolute-form
 * plain requests ({@code GET http://host:port/path}), both relayed byte for byte. Only the host names given
 * to {@link #route} are reachable through it (a plain request is forwarded as HTTP/1.0, one per
 * connection), so a client that reaches such a name (an unresolvable
 * {@code .invalid} one) must have used the proxy. Records each connection's request head and every byte
 * the client sent through it. Public so that other modules' tests (the CLI's) can use it.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Map<String, InetSocketAddress> routes = new ConcurrentHashMap<>();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    /** The request head (request line and headers) of each connection, in arrival order. */
    public final List<String> heads = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();

    /** Starts the proxy on an ephemeral loopback port. */
    public LoopbackProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Thread acceptor = new Thread(this::acceptLoop, "loopback-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param hostPort {@code host:port} as clients name it
     * @param target where the proxy connects for it
     * @return this proxy
     */
    public LoopbackProxy route(String hostPort, InetSocketAddress target) {
        routes.put(hostPort.toLowerCase(), target);
        return this;
    }

    /** @return {@code http://127.0.0.1:port}, for HTTP(S)_PROXY */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** @return everything clients sent to the proxy, as ISO-8859-1 text */
    public String clientBytes() {
        synchronized (clientBytes) {
            return clientBytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "loopback-proxy-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            record(head, head.length);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            heads.add(text);
            String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
            boolean connect = requestLine[0].equals("CONNECT");
            String hostPort = connect ? requestLine[1] : hostPort(URI.create(requestLine[1]));
            InetSocketAddress target = routes.get(hostPort.toLowerCase());
            OutputStream toClient = client.getOutputStream();
            if (target == null) {
                toClient.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket upstream = new Socket(target.getAddress(), target.getPort())) {
                sockets.add(upstream);
                if (connect) {
                    toClient.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                } else {
                    upstream.getOutputStream().write(oneRequestOnly(text).getBytes(StandardCharsets.ISO_8859_1));
                }
                Thread back = new Thread(() -> pump(upstream, client, false), "loopback-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, upstream, true);
                back.join(5000);
            }
        } catch (IOException | RuntimeException e) {
            // the client or the target went away: the connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forwards a plain request as HTTP/1.0 without a Connection header, so the server answers
     * {@code Connection: close} and the client does not send its next request, maybe for another host,
     * down this connection.
     */
    private static String oneRequestOnly(String head) {
        String[] lines = head.split("\r\n", -1);
        StringBuilder sb = new StringBuilder(lines[0].replaceFirst("HTTP/1\\.1$", "HTTP/1.0")).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].regionMatches(true, 0, "Connection:", 0, 11) && !lines[i].isEmpty()) {
                sb.append(lines[i]).append("\r\n");
            }
        }
        return sb.append("\r\n").toString();
    }

    private static String hostPort(URI absolute) {
        int port = absolute.getPort() >= 0 ? absolute.getPort() : 80;
        return absolute.getHost() + ":" + port;
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[65536];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (fromClient) {
                    record(buffer, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private void record(byte[] bytes, int n) {
        synchronized (clientBytes) {
            clientBytes.write(bytes, 0, n);
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
