package ai.tvlt.weights.hub;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Whether this process's stderr is a terminal, which decides between a redrawn bar and plain progress
 * lines. {@link System#console()} cannot tell: on Java 17 it looks at stdin and stdout, so
 * {@code tvlt download ... 2> log} would draw a bar into the log. On Linux and macOS this asks
 * {@code isatty(2)} through JNA; elsewhere it falls back to {@code System.console() != null}.
 */
final class StandardError {

    private StandardError() {
    }

    private interface LibC extends Library {
        int isatty(int fd);
    }

    /** @return whether file descriptor 2 is a terminal */
    static boolean isTerminal() {
        if (Platform.isLinux() || Platform.isMac()) {
            try {
                return Native.load(Platform.C_LIBRARY_NAME, LibC.class).isatty(2) == 1;
            } catch (UnsatisfiedLinkError e) {
                return System.console() != null;
            }
        }
        return System.console() != null;
    }
}
