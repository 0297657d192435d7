package ai.tvlt.processing.video;

import org.jcodec.common.logging.LogLevel;
import org.jcodec.common.logging.LogSink;
import org.jcodec.common.logging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JCodec's own log messages to SLF4J (logger {@code org.jcodec}). Without a sink, JCodec's first
 * message installs one that prints to standard output (e.g. {@code [ERROR] ... Broken atom of size 0} for a
 * damaged MP4 box), which corrupts the output of a program whose standard output is its data. JCodec's
 * "errors" here are damage it has met and recovered from, reported by this library in its own words, so they
 * become SLF4J warnings; its info and debug messages become debug messages.
 *
 * <p>JCodec accepts sinks only before its first message ({@code Logger.addSink} fails afterwards), so
 * {@link #install()} is called when {@link VideoDecoder}, the only entry to JCodec here, is initialised. When an
 * application has already started JCodec's logger, its choice stands and this logs that at debug level.
 */
final class JCodecLogSink implements LogSink {

    private static final Logger LOG = LoggerFactory.getLogger("org.jcodec");

    static {
        try {
            org.jcodec.common.logging.Logger.addSink(new JCodecLogSink());
        } catch (IllegalStateException alreadyStarted) {
            LOG.debug("JCodec's logger was started before tvlt-processing could route it to SLF4J");
        }
    }

    private JCodecLogSink() {
    }

    /** Installs the sink once (class initialisation); later calls do nothing. */
    static void install() {
        // the static initialiser does the work
    }

    @Override
    public void postMessage(Message message) {
        if (message.getLevel() == LogLevel.ERROR || message.getLevel() == LogLevel.WARN) {
            LOG.warn("{}", message.getMessage());
        } else {
            LOG.debug("{}", message.getMessage());
        }
    }
}
