package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * JSON input and output shared by the configuration classes. Holds only immutable Jackson objects
 * ({@link ObjectReader}, {@link ObjectWriter}), so it has no mutable static state.
 */
final class ConfigJson {

    /** Reader accepting what Python's {@code json} module writes (including NaN and Infinity). */
    private static final ObjectReader READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build()
            .reader();

    /**
     * Pretty writer: two-space indentation and {@code "key": value}, close to HF's layout. NaN and infinite
     * numbers (which the reader accepts, also from overflowing literals such as {@code 1e400}) are written as
     * the bare tokens Python's {@code json} writes, not as strings, so an extra key keeps its type through a
     * read/write round trip.
     */
    private static final ObjectWriter WRITER = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build().writer(
            new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private ConfigJson() {
    }

    /** Source description used in messages when JSON comes from a string. */
    static final String STRING_SOURCE = "<json string>";

    /** Source description used in messages when JSON comes from a stream. */
    static final String STREAM_SOURCE = "<json stream>";

    /**
     * Reads a file holding one JSON object.
     *
     * @param file the file
     * @return the parsed object
     * @throws ConfigException if the file cannot be read, is malformed or is not an object
     */
    static ObjectNode readObject(Path file) {
        InvalidInputException.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return asObject(READER.readTree(in), file.toString());
        } catch (JsonProcessingException e) {
            throw malformed(file.toString(), e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON object from text.
     *
     * @param json the JSON text
     * @return the parsed object
     * @throws ConfigException if the text is malformed or not an object
     */
    static ObjectNode readObject(String json) {
        InvalidInputException.requireNonNull(json, "json");
        try {
            return asObject(READER.readTree(json), STRING_SOURCE);
        } catch (JsonProcessingException e) {
            throw malformed(STRING_SOURCE, e);
        }
    }

    /**
     * Parses a JSON object from a stream (the stream is not closed).
     *
     * @param in the stream
     * @return the parsed object
     * @throws ConfigException if the stream cannot be read, is malformed or is not an object
     */
    static ObjectNode readObject(InputStream in) {
        InvalidInputException.requireNonNull(in, "in");
        try {
            return asObject(READER.readTree(in), STREAM_SOURCE);
        } catch (JsonProcessingException e) {
            throw malformed(STREAM_SOURCE, e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config from " + STREAM_SOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file holding one JSON object and converts it, prefixing any validation failure with the file.
     *
     * @param file the file
     * @param convert builds the configuration from the object
     * @param <T> the configuration type
     * @return the configuration
     * @throws ConfigException if the file cannot be read, is malformed, or holds an invalid value
     */
    static <T> T read(Path file, Function<ConfigNode, T> convert) {
        ObjectNode obj = readObject(file);
        try {
            return convert.apply(new ConfigNode(obj));
        } catch (ConfigException e) {
            throw inSource(file.toString(), e);
        }
    }

    /**
     * Prefixes a validation failure with the file or source it came from.
     *
     * @param source the file or source description
     * @param e the failure
     * @return a new exception whose message starts with the source
     */
    static ConfigException inSource(String source, ConfigException e) {
        return new ConfigException(source + ": " + e.getMessage(), e);
    }

    /**
     * Creates an empty object node.
     *
     * @return a new empty object
     */
    static ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Writes the entries as a pretty-printed JSON object with keys sorted, like HF's
     * {@code to_json_string}.
     *
     * @param entries key to value
     * @return the JSON text
     */
    static String writeSorted(Map<String, JsonNode> entries) {
        ObjectNode out = newObject();
        new TreeMap<>(entries).forEach(out::set);
        try {
            return WRITER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be serialised", e);
        }
    }

    private static ObjectNode asObject(JsonNode node, String source) {
        if (node == null || node.isMissingNode()) {
            throw new ConfigException("Malformed config JSON in " + source + ": no content");
        }
        if (!node.isObject()) {
            throw new ConfigException("Malformed config JSON in " + source
                    + ": expected a JSON object at top level, got " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    private static ConfigException malformed(String source, JsonProcessingException e) {
        return new ConfigException("Malformed config JSON in " + source + ": " + e.getOriginalMessage(), e);
    }
}
