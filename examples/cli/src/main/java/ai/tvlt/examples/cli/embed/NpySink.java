package ai.tvlt.examples.cli.embed;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the vectors and writes them as one NPY file, with the ids in a text file beside it. */
final class NpySink implements EmbeddingSink {

    private final Path file;
    private final int dimension;
    private final List<String> ids = new ArrayList<>();
    private final List<float[]> rows = new ArrayList<>();

    NpySink(Path file, int dimension) {
        this.file = file;
        this.dimension = dimension;
    }

    /**
     * @param npyFile the NPY file
     * @return the ids file beside it: {@code x.npy} gives {@code x.ids.txt}
     */
    static Path idsFile(Path npyFile) {
        String name = npyFile.getFileName().toString();
        return npyFile.resolveSibling(name.substring(0, name.length() - ".npy".length()) + ".ids.txt");
    }

    @Override
    public void accept(String id, float[] vector) {
        ids.add(id);
        rows.add(vector.clone());
    }

    @Override
    public void close() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                NpyFormat.writeFloat32(rows, dimension, out);
            }
            Files.write(idsFile(file), ids, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
