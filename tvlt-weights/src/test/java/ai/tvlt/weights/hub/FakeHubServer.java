package ai.tvlt.weights.hub;

import java.io.IOException;
import java.util.Random;

/**
 * Runs a {@link FakeHub} (and a {@link LoopbackProxy} in front of it) as a process, for trying the
 * {@code tvlt} jar by hand: {@code FakeHubServer OWNER/NAME WEIGHT_BYTES [SLOW_CHUNK_MILLIS]} serves
 * {@code config.json} and a random {@code model.safetensors} of that size, prints {@code HF_ENDPOINT},
 * the hub's address as only the proxy resolves it ({@code hub.only-via-proxy.invalid}) and the proxy URL,
 * then serves until stdin closes.
 */
public final class FakeHubServer {

    private FakeHubServer() {
    }

    /** @param args repo id, weight size in bytes, optional pause in ms between 8 KB body chunks */
    public static void main(String[] args) throws IOException {
        byte[] weights = new byte[Integer.parseInt(args[1])];
        new Random(1).nextBytes(weights);
        try (FakeHub hub = new FakeHub(); LoopbackProxy proxy = new LoopbackProxy()) {
            hub.repo(args[0]).commit(HubClientTest.MAIN, FakeHub.files("config.json", "{\"model_type\": \"tvlt\"}",
                    "model.safetensors", weights)).ref("main", HubClientTest.MAIN);
            if (args.length > 2) {
                hub.slowBodyChunkMillis = Long.parseLong(args[2]);
            }
            String hidden = "hub.only-via-proxy.invalid:" + hub.hubAddress().getPort();
            proxy.route(hidden, hub.hubAddress()).route("127.0.0.1:" + hub.cdnAddress().getPort(), hub.cdnAddress());
            System.out.println("HF_ENDPOINT=" + hub.endpoint());
            System.out.println("HIDDEN_ENDPOINT=http://" + hidden);
            System.out.println("PROXY=" + proxy.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }
}
