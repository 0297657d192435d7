package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole description of one configuration key: its JSON name, its default, how it is read from and
 * written to JSON, and the check its value must pass. A configuration class is a list of these; reading,
 * writing, copying, equality and per-key validation are done once for all keys by {@link ConfigValues}.
 *
 * <p>JSON {@code null} is an error ("must not be null") unless the key is {@code nullable}; for a nullable
 * key it means the default. A null value is allowed only where the default is null. Wrong JSON types raise
 * {@link ConfigException} naming the key.
 *
 * @param json the JSON key
 * @param defaultValue the reference default (may be null for a nullable key)
 * @param codec converts between JSON and the value
 * @param nullable whether JSON null is allowed (and means the default)
 * @param check validates a non-null value, naming the key; runs when a config is built
 * @param <T> the value type
 */
record ConfigKey<T>(String json, T defaultValue, Codec<T> codec, boolean nullable, BiConsumer<String, T> check) {

    /**
     * Conversion between a JSON value (never JSON null) and a Java value.
     *
     * @param read converts a node, naming the key on a wrong type
     * @param write converts a value back
     * @param <T> the value type
     */
    record Codec<T>(BiFunction<String, JsonNode, T> read, Function<T, JsonNode> write) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final Codec<Integer> INT = new Codec<>(ConfigNode::toInt, F::numberNode);
    static final Codec<Double> NUMBER = new Codec<>((k, v) -> {
        if (!v.isNumber()) {
            throw ConfigNode.typeError(k, "a number", v);
        }
        return v.doubleValue();
    }, F::numberNode);
    static final Codec<Boolean> BOOL = new Codec<>((k, v) -> {
        if (!v.isBoolean()) {
            throw ConfigNode.typeError(k, "true or false", v);
        }
        return v.booleanValue();
    }, F::booleanNode);
    static final Codec<String> TEXT = new Codec<>(ConfigNode::toText, F::textNode);
    static final Codec<int[]> INT_PAIR = new Codec<>((k, v) -> {
        if (!v.isArray() || v.size() != 2) {
            throw ConfigNode.typeError(k, "an array of two integers", v);
        }
        return new int[] {ConfigNode.toInt(k + "[0]", v.get(0)), ConfigNode.toInt(k + "[1]", v.get(1))};
    }, ConfigKey::intArray);
    static final Codec<double[]> DOUBLES = new Codec<>((k, v) -> {
        if (!v.isArray() || v.isEmpty()) {
            throw ConfigNode.typeError(k, "a non-empty array of numbers", v);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = NUMBER.read().apply(k + "[" + i + "]", v.get(i));
        }
        return out;
    }, values -> {
        ArrayNode a = F.arrayNode();
        for (double d : values) {
            a.add(d);
        }
        return a;
    });
    /** A list of strings; written as JSON null when empty, as transformers writes absent lists. */
    static final Codec<List<String>> TEXT_LIST = new Codec<>((k, v) -> {
        if (!v.isArray()) {
            throw ConfigNode.typeError(k, "an array of strings", v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(ConfigNode.toText(k + "[" + i + "]", v.get(i)));
        }
        return List.copyOf(out);
    }, list -> {
        if (list.isEmpty()) {
            return F.nullNode();
        }
        ArrayNode a = F.arrayNode();
        list.forEach(a::add);
        return a;
    });

    /**
     * A string value with a fixed set of spellings, such as an enum.
     *
     * @param parse converts the string, naming the key when it is not allowed
     * @param write gives the string back
     * @param <T> the value type
     * @return the codec
     */
    static <T> Codec<T> text(Function<String, T> parse, Function<T, String> write) {
        return new Codec<>((k, v) -> parse.apply(ConfigNode.toText(k, v)), v -> F.textNode(write.apply(v)));
    }

    /**
     * A JSON object read into a map; entries are named {@code key[name]} in messages.
     *
     * @param expected what the object is, for the message when the value is not an object
     * @param parseName converts a JSON name to a map key
     * @param writeName converts it back
     * @param value converts an entry's value
     * @param <K> the map key type
     * @param <V> the map value type
     * @param newMap makes the (ordered) map to fill
     * @return the codec
     */
    static <K, V> Codec<Map<K, V>> map(String expected, Function<String, K> parseName, Function<K, String> writeName,
            Codec<V> value, Supplier<Map<K, V>> newMap) {
        return new Codec<>((k, v) -> {
            if (!v.isObject()) {
                throw ConfigNode.typeError(k, expected, v);
            }
            Map<K, V> out = newMap.get();
            v.fields().forEachRemaining(e -> out.put(parseName.apply(e.getKey()),
                    value.read().apply(k + "[" + e.getKey() + "]", e.getValue())));
            return out;
        }, m -> {
            ObjectNode o = F.objectNode();
            m.forEach((name, v) -> o.set(writeName.apply(name), value.write().apply(v)));
            return o;
        });
    }

    private static ArrayNode intArray(int[] values) {
        ArrayNode a = F.arrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * @param json the key
     * @param defaultValue its default
     * @param codec its JSON form
     * @param check its validation
     * @param <T> the value type
     * @return a key whose value must not be null
     */
    static <T> ConfigKey<T> of(String json, T defaultValue, Codec<T> codec, BiConsumer<String, T> check) {
        return new ConfigKey<>(json, defaultValue, codec, false, check);
    }

    /**
     * @param json the key
     * @param defaultValue its default, may be null
     * @param codec its JSON form
     * @param check its validation of non-null values
     * @param <T> the value type
     * @return a key where JSON null means the default
     */
    static <T> ConfigKey<T> nullable(String json, T defaultValue, Codec<T> codec, BiConsumer<String, T> check) {
        return new ConfigKey<>(json, defaultValue, codec, true, check);
    }

    /**
     * @param json the key
     * @param defaultValue its default
     * @param codec its JSON form
     * @param <T> the value type
     * @return a key whose value must not be null and needs no check of its own
     */
    static <T> ConfigKey<T> of(String json, T defaultValue, Codec<T> codec) {
        return of(json, defaultValue, codec, (k, v) -> { });
    }

    /**
     * @param json the key
     * @param defaultValue its default, may be null
     * @param codec its JSON form
     * @param <T> the value type
     * @return a key where JSON null means the default, with no check of its own
     */
    static <T> ConfigKey<T> nullable(String json, T defaultValue, Codec<T> codec) {
        return nullable(json, defaultValue, codec, (k, v) -> { });
    }

    /** An integer that must be positive. */
    static ConfigKey<Integer> positiveInt(String json, int defaultValue) {
        return of(json, defaultValue, INT, Checks::positive);
    }

    /** A number that must be positive and finite. */
    static ConfigKey<Double> positiveNumber(String json, double defaultValue) {
        return of(json, defaultValue, NUMBER, (k, v) -> Checks.positive(k, v.doubleValue()));
    }

    /** Any finite number. */
    static ConfigKey<Double> finite(String json, double defaultValue) {
        return of(json, defaultValue, NUMBER, Checks::finite);
    }

    /** A ratio in [0, 1] or, when {@code maxInclusive} is false, [0, 1). */
    static ConfigKey<Double> ratio(String json, double defaultValue, boolean maxInclusive) {
        return of(json, defaultValue, NUMBER, (k, v) -> Checks.unitInterval(k, v, maxInclusive));
    }

    /** A boolean flag. */
    static ConfigKey<Boolean> flag(String json, boolean defaultValue) {
        return of(json, defaultValue, BOOL);
    }

    /** Two positive integers. */
    static ConfigKey<int[]> positivePair(String json, int first, int second) {
        return of(json, new int[] {first, second}, INT_PAIR, Checks::positivePair);
    }

    /**
     * Reads this key's value from JSON.
     *
     * @param node the value in the file (not missing)
     * @return the value; the default for JSON null on a nullable key
     * @throws ConfigException for JSON null on a non-nullable key or a wrong type
     */
    T read(JsonNode node) {
        if (node.isNull()) {
            if (!nullable) {
                throw new ConfigException("'" + json + "' must not be null");
            }
            return defaultValue;
        }
        return codec.read().apply(json, node);
    }

    /**
     * @param value a value of this key (null only for a nullable key)
     * @return its JSON form
     */
    JsonNode write(T value) {
        return value == null ? F.nullNode() : codec.write().apply(value);
    }

    /**
     * Validates a value.
     *
     * @param value the value
     * @throws ConfigException naming the key
     */
    void validate(T value) {
        if (value == null) {
            if (defaultValue != null) {
                throw new ConfigException("'" + json + "' must not be null");
            }
            return;
        }
        check.accept(json, value);
    }
}
