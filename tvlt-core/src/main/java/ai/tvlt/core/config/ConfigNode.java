package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object being read: the keys read are remembered so that the remaining (unknown) keys can be
 * collected; conversions name the key on a wrong JSON type. An instance is used by one thread during one
 * parse.
 */
final class ConfigNode {

    private final ObjectNode node;
    private final Set<String> consumed = new HashSet<>();

    /**
     * @param node the object to read
     */
    ConfigNode(ObjectNode node) {
        this.node = node;
    }

    /**
     * Takes a key's value and marks the key as read.
     *
     * @param key the JSON key
     * @return its value (possibly JSON null), or null when absent
     */
    JsonNode take(String key) {
        consumed.add(key);
        return node.get(key);
    }

    /**
     * @param key the JSON key
     * @return whether the object has the key (with any value, including null)
     */
    boolean has(String key) {
        return node.has(key);
    }

    /**
     * Marks keys as read without using them (keys that are derived or deliberately ignored).
     *
     * @param keys the keys to skip
     */
    void skip(Set<String> keys) {
        consumed.addAll(keys);
    }

    /**
     * The keys not read so far, with deep copies of their values, in file order.
     *
     * @return a new modifiable map
     */
    Map<String, JsonNode> remaining() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!consumed.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    /**
     * Converts a node to an {@code int}, naming the key on failure.
     *
     * @param key the key (or key[index]) for the message
     * @param v the node
     * @return the value
     */
    static int toInt(String key, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw typeError(key, "an integer", v);
        }
        return v.intValue();
    }

    /**
     * Converts a node to a string, naming the key on failure.
     *
     * @param key the key for the message
     * @param v the node
     * @return the value
     */
    static String toText(String key, JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw typeError(key, "a string", v);
        }
        return v.textValue();
    }

    /**
     * Builds the exception for a value of the wrong JSON type.
     *
     * @param key the key for the message
     * @param expected what was expected
     * @param actual the value found
     * @return the exception
     */
    static ConfigException typeError(String key, String expected, JsonNode actual) {
        return new ConfigException("'" + key + "' must be " + expected + ", got " + actual);
    }
}
