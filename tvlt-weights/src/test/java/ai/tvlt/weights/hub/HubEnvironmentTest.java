package ai.tvlt.weights.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables are read as huggingface_hub reads them. */
class HubEnvironmentTest {

    @TempDir
    Path home;

    @Test
    void defaultsFollowHuggingFaceHub() {
        HubEnvironment env = HubEnvironment.fromVariables(Map.of(), home);
        assertEquals(URI.create("https://huggingface.co"), env.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), env.cacheDir());
        assertNull(env.token());
        assertFalse(env.offline());
    }

    @Test
    void cacheFolderPrecedence() {
        assertEquals(Path.of("/x/huggingface/hub"),
                HubEnvironment.fromVariables(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir());
        assertEquals(Path.of("/h/hub"),
                HubEnvironment.fromVariables(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h"), home).cacheDir());
        assertEquals(Path.of("/c"), HubEnvironment.fromVariables(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"),
                home).cacheDir());
        assertEquals(Path.of("/legacy"), HubEnvironment.fromVariables(Map.of("HUGGINGFACE_HUB_CACHE", "/legacy"),
                home).cacheDir());
        assertEquals(home.resolve("models"), HubEnvironment.fromVariables(Map.of("HF_HUB_CACHE", "~/models"),
                home).cacheDir());
    }

    @Test
    void endpointTokenAndOfflineVariables() {
        HubEnvironment env = HubEnvironment.fromVariables(Map.of("HF_ENDPOINT", "https://mirror.example/",
                "HF_TOKEN", " hf_abc ", "HF_HUB_OFFLINE", "1"), home);
        assertEquals(URI.create("https://mirror.example"), env.endpoint());
        assertEquals("hf_abc", env.token());
        assertTrue(env.offline());
        for (String on : new String[] {"1", "true", "YES", "On"}) {
            assertTrue(HubEnvironment.fromVariables(Map.of("HF_HUB_OFFLINE", on), home).offline(), on);
        }
        for (String off : new String[] {"0", "false", "", "no"}) {
            assertFalse(HubEnvironment.fromVariables(Map.of("HF_HUB_OFFLINE", off), home).offline(), off);
        }
        assertEquals("hf_legacy", HubEnvironment.fromVariables(Map.of("HUGGING_FACE_HUB_TOKEN", "hf_legacy"), home)
                .token());
        assertThrows(ConfigException.class, () -> HubEnvironment.fromVariables(Map.of("HF_ENDPOINT", "ftp://x"), home));
    }

    @Test
    void tokenFileWrittenByHuggingfaceCliLogin() throws IOException {
        Path hfHome = home.resolve(".cache/huggingface");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");
        assertEquals("hf_from_file", HubEnvironment.fromVariables(Map.of(), home).token());
        assertEquals("hf_env", HubEnvironment.fromVariables(Map.of("HF_TOKEN", "hf_env"), home).token());
    }

    @Test
    void toStringNeverShowsTheToken() {
        HubEnvironment env = HubEnvironment.fromVariables(Map.of("HF_TOKEN", "hf_very_secret"), home);
        assertFalse(env.toString().contains("hf_very_secret"));
        assertTrue(env.toString().contains("redacted"));
    }
}
