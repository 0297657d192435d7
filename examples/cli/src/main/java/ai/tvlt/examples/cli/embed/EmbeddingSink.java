package ai.tvlt.examples.cli.embed;

import ai.tvlt.core.error.InvalidInputException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where {@code tvlt embed} puts its vectors. By the output file's extension:
 * <ul>
 *   <li>{@code .jsonl} or {@code .json}: JSON Lines, one {@code {"id": ..., "vector": [...]}} object per
 *       clip (also what goes to stdout without {@code --out}), written as each clip finishes;</li>
 *   <li>{@code .npy}: one float32 little-endian {@code [N, D]} array (NPY format 1.0); the ids go to a text
 *       file beside it, one per line, named after it with {@code .ids.txt} instead of {@code .npy};</li>
 *   <li>{@code .safetensors}: tensor {@code embeddings} F32 {@code [N, D]}, the ids as a JSON array in
 *       {@code __metadata__["ids"]}, plus the given metadata.</li>
 * </ul>
 * Rows come in the order the clips were accepted. Not thread-safe.
 */
public interface EmbeddingSink extends AutoCloseable {

    /**
     * @param id the clip's id
     * @param vector its embedding
     */
    void accept(String id, float[] vector);

    /** Finishes the output (writes the file of the collecting formats). */
    @Override
    void close();

    /**
     * @param out where the JSON lines go (flushed after each line; not closed)
     * @return a JSON Lines sink
     */
    static EmbeddingSink jsonLines(Writer out) {
        return new JsonLinesSink(out, false);
    }

    /**
     * Checks that a file name has a supported extension, before any work is done.
     *
     * @param file the output file
     * @throws InvalidInputException for another extension
     */
    static void checkExtension(Path file) {
        extension(file);
    }

    /**
     * @param file the output file; its extension picks the format
     * @param dimension the vector size D (for the shape of an empty result)
     * @param metadata extra {@code __metadata__} entries of a safetensors output (model, pooling)
     * @return the sink; close it to finish the file
     * @throws InvalidInputException for an unsupported extension
     */
    static EmbeddingSink open(Path file, int dimension, Map<String, String> metadata) {
        return switch (extension(file)) {
            case "jsonl", "json" -> JsonLinesSink.toFile(file);
            case "npy" -> new NpySink(file, dimension);
            case "safetensors" -> new SafetensorsSink(file, dimension, metadata);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (!ext.equals("jsonl") && !ext.equals("json") && !ext.equals("npy") && !ext.equals("safetensors")) {
            throw new InvalidInputException("--out " + file + ": unsupported extension; use .jsonl or .json (JSON Lines),"
                    + " .npy or .safetensors");
        }
        return ext;
    }
}
