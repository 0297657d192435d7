package ai.tvlt.examples.cli.embed;

import ai.tvlt.weights.safetensors.SafetensorsWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the vectors and writes tensor {@code embeddings} [N, D] F32 with the ids in the metadata. */
final class SafetensorsSink implements EmbeddingSink {

    /** The tensor name. */
    static final String TENSOR = "embeddings";
    /** The metadata key of the ids (a JSON array of strings). */
    static final String IDS = "ids";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int dimension;
    private final Map<String, String> metadata;
    private final List<String> ids = new ArrayList<>();
    private final List<float[]> rows = new ArrayList<>();

    SafetensorsSink(Path file, int dimension, Map<String, String> metadata) {
        this.file = file;
        this.dimension = dimension;
        this.metadata = new LinkedHashMap<>(metadata);
    }

    @Override
    public void accept(String id, float[] vector) {
        ids.add(id);
        rows.add(vector.clone());
    }

    @Override
    public void close() {
        float[] matrix = new float[Math.multiplyExact(rows.size(), dimension)];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, matrix, r * dimension, dimension);
        }
        SafetensorsWriter writer = new SafetensorsWriter().putFloats(TENSOR, new long[] {rows.size(), dimension}, matrix);
        metadata.forEach(writer::metadata);
        try {
            writer.metadata(IDS, JSON.writeValueAsString(ids));
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the ids", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        writer.write(file);
    }
}
