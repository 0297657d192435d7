package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An image size as the HF image processors describe it: a small dictionary with one of the key sets
 * {@code {shortest_edge}}, {@code {shortest_edge, longest_edge}}, {@code {longest_edge}} or
 * {@code {height, width}} (HF's {@code get_size_dict} rules). Immutable.
 *
 * <p>The config can hold any of these forms; whether a given form is usable is the processor's
 * decision (TVLT's image processor needs {@code shortest_edge} in {@code size} and raises a
 * KeyError-like error otherwise, and its centre crop needs {@code height} and {@code width}).
 */
public final class SizeDict {

    /** The key sets HF accepts. */
    private static final List<Set<String>> VALID_KEY_SETS = List.of(
            Set.of("height", "width"), Set.of("shortest_edge"), Set.of("shortest_edge", "longest_edge"),
            Set.of("longest_edge"));

    private final Map<String, Integer> entries;

    private SizeDict(Map<String, Integer> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * {@code {"shortest_edge": edge}}.
     *
     * @param edge the target length of the shorter image side (positive)
     * @return the size
     */
    public static SizeDict ofShortestEdge(int edge) {
        return of("size", Map.of("shortest_edge", edge));
    }

    /**
     * {@code {"height": height, "width": width}}.
     *
     * @param height the height (positive)
     * @param width the width (positive)
     * @return the size
     */
    public static SizeDict ofHeightWidth(int height, int width) {
        return of("size", Map.of("height", height, "width", width));
    }

    /**
     * A size from a map with one of the valid key sets.
     *
     * @param entries for example {@code {"shortest_edge": 224}}
     * @return the size
     * @throws ConfigException if the key set is not valid or a value is not positive
     */
    public static SizeDict of(Map<String, Integer> entries) {
        return of("size", entries);
    }

    /**
     * A size from a map, naming {@code param} in error messages.
     *
     * @param param the JSON key holding the size, for messages
     * @param entries the entries
     * @return the size
     */
    static SizeDict of(String param, Map<String, Integer> entries) {
        if (entries == null || !VALID_KEY_SETS.contains(entries.keySet())) {
            throw new ConfigException("'" + param + "' must have the keys {shortest_edge}, "
                    + "{shortest_edge, longest_edge}, {longest_edge} or {height, width}, got "
                    + (entries == null ? "null" : entries.keySet()));
        }
        Map<String, Integer> copy = new LinkedHashMap<>();
        for (String k : List.of("shortest_edge", "longest_edge", "height", "width")) {
            if (entries.containsKey(k)) {
                Integer v = Checks.notNull(param + "." + k, entries.get(k));
                Checks.positive(param + "." + k, v);
                copy.put(k, v);
            }
        }
        return new SizeDict(copy);
    }

    /**
     * Reads a JSON size the way HF's {@code get_size_dict} does: an object, an integer or an array
     * {@code [height, width]}.
     *
     * @param param the JSON key, for messages
     * @param node the value
     * @param intIsSquare whether a bare integer n means {@code {height: n, width: n}} (crop sizes) rather
     *     than {@code {shortest_edge: n}} (resize sizes)
     * @return the size
     */
    static SizeDict fromJson(String param, JsonNode node, boolean intIsSquare) {
        if (node.isIntegralNumber()) {
            int n = ConfigNode.toInt(param, node);
            return intIsSquare ? of(param, Map.of("height", n, "width", n)) : of(param, Map.of("shortest_edge", n));
        }
        if (node.isArray() && node.size() == 2) {
            return of(param, Map.of("height", ConfigNode.toInt(param + "[0]", node.get(0)),
                    "width", ConfigNode.toInt(param + "[1]", node.get(1))));
        }
        if (!node.isObject()) {
            throw ConfigNode.typeError(param, "an object such as {\"shortest_edge\": 224}", node);
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), ConfigNode.toInt(param + "." + e.getKey(), e.getValue()));
        }
        return of(param, m);
    }

    /** @return {@code shortest_edge}, if present */
    public OptionalInt shortestEdge() {
        return get("shortest_edge");
    }

    /** @return {@code longest_edge}, if present */
    public OptionalInt longestEdge() {
        return get("longest_edge");
    }

    /** @return {@code height}, if present */
    public OptionalInt height() {
        return get("height");
    }

    /** @return {@code width}, if present */
    public OptionalInt width() {
        return get("width");
    }

    /** @return the entries, unmodifiable, keyed by their HF names */
    public Map<String, Integer> asMap() {
        return entries;
    }

    /**
     * The JSON form, an object with the HF key names.
     *
     * @return a new JSON object
     */
    ObjectNode toJsonNode() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        entries.forEach(o::put);
        return o;
    }

    private OptionalInt get(String key) {
        Integer v = entries.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SizeDict && entries.equals(((SizeDict) o).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** @return the entries, e.g. {@code {shortest_edge=224}} */
    @Override
    public String toString() {
        return entries.toString();
    }
}
