package ai.tvlt.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The {@code --json} output of the commands: Jackson trees printed as JSON Lines records. Float values are
 * written as Java's shortest decimal form, so parsing them back as float gives the exact value.
 * Stateless and thread-safe.
 */
final class CliJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {
    }

    /** @return a new empty JSON object */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param node a JSON tree
     * @return it on one line, a record of JSON Lines
     */
    static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }
}
