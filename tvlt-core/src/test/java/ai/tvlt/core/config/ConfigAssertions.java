package ai.tvlt.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ConfigException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Shared test helpers. */
final class ConfigAssertions {

    private ConfigAssertions() {
    }

    /**
     * Asserts that the call throws a ConfigException whose message contains every fragment.
     *
     * @param call the call
     * @param fragments expected substrings (key names, file names)
     * @return the exception
     */
    static ConfigException assertConfigError(Executable call, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f),
                    () -> "message \"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
        return e;
    }

    /**
     * The golden config.json of a model, from the test resources.
     *
     * @param model the folder name, e.g. tiny-classification
     * @return its path
     */
    static Path goldenConfig(String model) {
        URL url = ConfigAssertions.class.getResource("/golden/models/" + model + "/config.json");
        if (url == null) {
            throw new IllegalStateException("missing test resource for " + model);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
