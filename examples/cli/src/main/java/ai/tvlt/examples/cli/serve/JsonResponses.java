package ai.tvlt.examples.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * JSON bodies of the server's answers, written with Jackson (floats in Java's shortest decimal form, so a
 * client parsing them as float32 gets the exact values). Stateless and thread-safe.
 */
public final class JsonResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    /** @return a new empty JSON object */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param ctx the request
     * @param body the answer, sent as {@code application/json}
     */
    public static void send(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json").result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    /**
     * @param ctx the request
     * @param status the error status
     * @param message what is wrong, sent as {@code {"error": message}}
     */
    public static void error(Context ctx, int status, String message) {
        ctx.status(status);
        send(ctx, object().put("error", message));
    }
}
