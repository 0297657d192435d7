package ai.tvlt.examples.cli;

import ai.tvlt.examples.cli.serve.TvltServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The jar's slf4j-simple configuration keeps the tool quiet: warnings only, and never on stdout; only
 * {@code tvlt serve}'s request lines are shown at INFO.
 */
class LoggingConfigurationTest {

    @Test
    void defaultLevelIsWarnOnStderr() throws IOException {
        Properties p = new Properties();
        try (InputStream in = TvltCommand.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            assertNotNull(in, "simplelogger.properties is on the classpath");
            p.load(in);
        }
        assertEquals("warn", p.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
        assertEquals("System.err", p.getProperty("org.slf4j.simpleLogger.logFile"));
    }

    @Test
    void serveRequestLinesAreShownAtTheDefaultLevel() throws IOException {
        Properties p = new Properties();
        try (InputStream in = TvltCommand.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            p.load(in);
        }
        assertEquals("info", p.getProperty("org.slf4j.simpleLogger.log." + TvltServer.REQUEST_LOGGER));
    }
}
