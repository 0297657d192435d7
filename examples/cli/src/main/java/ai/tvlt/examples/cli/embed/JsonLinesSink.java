package ai.tvlt.examples.cli.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON Lines: one {@code {"id": ..., "vector": [...]}} object per line, written and flushed per clip.
 * Floats are written in their shortest round-trip form, so parsing them as float32 gives the vector back
 * exactly. Not thread-safe.
 */
final class JsonLinesSink implements EmbeddingSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final boolean ownsWriter;

    JsonLinesSink(Writer out, boolean ownsWriter) {
        this.out = out;
        this.ownsWriter = ownsWriter;
    }

    static JsonLinesSink toFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return new JsonLinesSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void accept(String id, float[] vector) {
        ObjectNode line = JSON.createObjectNode().put("id", id);
        ArrayNode values = line.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding of clip " + id, e);
        }
    }

    @Override
    public void close() {
        try {
            if (ownsWriter) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the JSON Lines output", e);
        }
    }
}
