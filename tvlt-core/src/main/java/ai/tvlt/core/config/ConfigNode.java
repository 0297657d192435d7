package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;

/**
 * Typed, key-naming access to the fields of one JSON object. Each accessor passes the value to a
 * sink only when the key is present, so absent keys keep the builder's default. Wrong JSON types
 * raise {@link ConfigException} naming the key. The keys read are remembered so that the remaining
 * (unknown) keys can be collected. An instance is used by one thread during one parse.
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
     * Reads an integer that fits in an {@code int}.
     *
     * @param key the JSON key
     * @param sink receives the value when the key is present
     */
    void integer(String key, IntConsumer sink) {
        JsonNode v = take(key);
        if (v != null) {
            sink.accept(toInt(key, v));
        }
    }

    /**
     * Reads a number (integer or floating point) as a double.
     *
     * @param key the JSON key
     * @param sink receives the value when the key is present
     */
    void number(String key, DoubleConsumer sink) {
        JsonNode v = take(key);
        if (v != null) {
            if (!v.isNumber()) {
                throw typeError(key, "a number", v);
            }
            sink.accept(v.doubleValue());
        }
    }

    /**
     * Reads a boolean.
     *
     * @param key the JSON key
     * @param sink receives the value when the key is present
     */
    void bool(String key, Consumer<Boolean> sink) {
        JsonNode v = take(key);
        if (v != null) {
            if (!v.isBoolean()) {
                throw typeError(key, "true or false", v);
            }
            sink.accept(v.booleanValue());
        }
    }

    /**
     * Reads a string.
     *
     * @param key the JSON key
     * @param sink receives the value when the key is present
     */
    void text(String key, Consumer<String> sink) {
        JsonNode v = take(key);
        if (v != null) {
            sink.accept(toText(key, v));
        }
    }

    /**
     * Reads a string that may be JSON {@code null}; {@code null} is passed to the sink as
     * {@code null}.
     *
     * @param key the JSON key
     * @param sink receives the value (possibly null) when the key is present
     */
    void nullableText(String key, Consumer<String> sink) {
        JsonNode v = takeNullable(key);
        if (v != null) {
            sink.accept(v.isNull() ? null : toText(key, v));
        }
    }

    /**
     * Reads an array of exactly two integers.
     *
     * @param key the JSON key
     * @param sink receives a new array when the key is present
     */
    void intPair(String key, Consumer<int[]> sink) {
        JsonNode v = take(key);
        if (v != null) {
            if (!v.isArray() || v.size() != 2) {
                throw typeError(key, "an array of two integers", v);
            }
            sink.accept(new int[] {toInt(key + "[0]", v.get(0)), toInt(key + "[1]", v.get(1))});
        }
    }

    /**
     * Reads a non-empty array of numbers.
     *
     * @param key the JSON key
     * @param sink receives a new array when the key is present
     */
    void doubles(String key, Consumer<double[]> sink) {
        JsonNode v = take(key);
        if (v != null) {
            if (!v.isArray() || v.isEmpty()) {
                throw typeError(key, "a non-empty array of numbers", v);
            }
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode e = v.get(i);
                if (!e.isNumber()) {
                    throw typeError(key + "[" + i + "]", "a number", e);
                }
                out[i] = e.doubleValue();
            }
            sink.accept(out);
        }
    }

    /**
     * Reads an array of strings; JSON {@code null} is read as an empty list.
     *
     * @param key the JSON key
     * @param sink receives an unmodifiable list when the key is present
     */
    void textList(String key, Consumer<List<String>> sink) {
        JsonNode v = takeNullable(key);
        if (v == null) {
            return;
        }
        if (v.isNull()) {
            sink.accept(List.of());
            return;
        }
        if (!v.isArray()) {
            throw typeError(key, "an array of strings", v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(toText(key + "[" + i + "]", v.get(i)));
        }
        sink.accept(Collections.unmodifiableList(out));
    }

    /**
     * Passes the raw node of a key to a custom converter; JSON {@code null} counts as absent.
     *
     * @param key the JSON key
     * @param sink receives the node when the key is present and not null
     */
    void raw(String key, Consumer<JsonNode> sink) {
        JsonNode v = takeNullable(key);
        if (v != null && !v.isNull()) {
            sink.accept(v);
        }
    }

    /**
     * Whether the object has the key (with any value, including null).
     *
     * @param key the JSON key
     * @return true if present
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

    private JsonNode take(String key) {
        JsonNode v = takeNullable(key);
        if (v != null && v.isNull()) {
            throw new ConfigException("'" + key + "' must not be null");
        }
        return v;
    }

    private JsonNode takeNullable(String key) {
        consumed.add(key);
        return node.get(key);
    }
}
