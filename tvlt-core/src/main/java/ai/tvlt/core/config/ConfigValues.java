package ai.tvlt.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The values of one configuration, one per {@link ConfigKey} of its key table, in table order. Reading,
 * writing, per-key validation and equality are done here once for every key. Immutable; build one with
 * {@link Builder}.
 */
final class ConfigValues {

    private final Map<ConfigKey<?>, Object> values;

    private ConfigValues(Map<ConfigKey<?>, Object> values) {
        this.values = values;
    }

    /**
     * @param key a key of this configuration's table
     * @param <T> its value type
     * @return its value (arrays are shared: callers hand out copies)
     */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** @return key name to JSON value, in table order */
    Map<String, JsonNode> toJson() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.keySet().forEach(key -> out.put(key.json(), json(key)));
        return out;
    }

    private <T> JsonNode json(ConfigKey<T> key) {
        return key.write(get(key));
    }

    /**
     * @param name the configuration's name
     * @param keys the keys to show
     * @return {@code name{key=value, ...}} with values in their JSON form
     */
    String summary(String name, List<ConfigKey<?>> keys) {
        StringJoiner out = new StringJoiner(", ", name + "{", "}");
        for (ConfigKey<?> key : keys) {
            JsonNode v = json(key);
            out.add(key.json() + "=" + (v.isTextual() ? v.textValue() : v.toString()));
        }
        return out.toString();
    }

    /** @return a builder holding these values */
    Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigValues && toJson().equals(((ConfigValues) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** Values being assembled: setting stores, {@link #build()} validates. Not thread-safe. */
    static final class Builder {

        private final Map<ConfigKey<?>, Object> values;

        /** @param keys the key table; every key starts at its default */
        Builder(List<ConfigKey<?>> keys) {
            this(new LinkedHashMap<>());
            keys.forEach(key -> values.put(key, key.defaultValue()));
        }

        private Builder(Map<ConfigKey<?>, Object> values) {
            this.values = values;
        }

        /**
         * @param key a key of the table
         * @param value its new value (validated by {@link #build()})
         * @param <T> its value type
         * @return this builder
         */
        <T> Builder set(ConfigKey<T> key, T value) {
            values.put(key, value);
            return this;
        }

        /**
         * @param key a key of the table
         * @param <T> its value type
         * @return its current value
         */
        @SuppressWarnings("unchecked")
        <T> T get(ConfigKey<T> key) {
            return (T) values.get(key);
        }

        /**
         * Sets every key present in the JSON object, in table order; absent keys keep their value.
         *
         * @param in the object being read; the keys are marked as read
         * @return this builder
         */
        Builder read(ConfigNode in) {
            values.keySet().forEach(key -> readOne(key, in));
            return this;
        }

        private <T> void readOne(ConfigKey<T> key, ConfigNode in) {
            JsonNode node = in.take(key.json());
            if (node != null) {
                values.put(key, key.read(node));
            }
        }

        /**
         * Validates every value with its key's check, in table order.
         *
         * @return the immutable values
         * @throws ai.tvlt.core.error.ConfigException naming the first invalid key
         */
        ConfigValues build() {
            values.keySet().forEach(this::validate);
            return new ConfigValues(new LinkedHashMap<>(values));
        }

        private <T> void validate(ConfigKey<T> key) {
            key.validate(get(key));
        }
    }
}
