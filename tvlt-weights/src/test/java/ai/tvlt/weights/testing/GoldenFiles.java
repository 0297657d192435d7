package ai.tvlt.weights.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.stream.Stream;

/**
 * Locates the golden test vectors (a copy of {@code shared/golden}) on the test classpath. They live in
 * tvlt-weights' test resources and reach the other modules through its test-jar; when they come from a
 * jar they are extracted once per JVM into a temporary folder, so callers always get real files.
 */
public final class GoldenFiles {

    private static final String ROOT = "golden";
    private static final Object LOCK = new Object();
    private static Path extracted;

    private GoldenFiles() {
    }

    /**
     * @param relative a path below the golden root, e.g. {@code "processing/audio_short_700.safetensors"}
     *     or {@code "models/tiny-pretraining"}
     * @return the file or folder
     */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no golden file " + relative + " under " + root());
        }
        return p;
    }

    /** @return the golden root folder (containing {@code models/} and {@code processing/}) */
    public static Path root() {
        URL url = GoldenFiles.class.getClassLoader().getResource(ROOT + "/models/manifest.json");
        if (url == null) {
            throw new IllegalStateException("golden files are not on the test classpath");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI()).getParent().getParent();
            }
            synchronized (LOCK) {
                if (extracted == null) {
                    extracted = extract(url);
                }
                return extracted;
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate golden files from " + url, e);
        }
    }

    private static Path extract(URL marker) throws IOException, URISyntaxException {
        String jar = marker.toURI().toString();
        jar = jar.substring(0, jar.indexOf("!/"));
        Path target = Files.createTempDirectory("tvlt-golden");
        try (FileSystem fs = FileSystems.newFileSystem(java.net.URI.create(jar), Collections.emptyMap());
             Stream<Path> files = Files.walk(fs.getPath("/" + ROOT))) {
            for (Path src : (Iterable<Path>) files::iterator) {
                Path dst = target.resolve(fs.getPath("/" + ROOT).relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    try (InputStream in = Files.newInputStream(src)) {
                        Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return target;
    }
}
