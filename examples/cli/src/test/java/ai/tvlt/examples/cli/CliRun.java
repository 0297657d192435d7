package ai.tvlt.examples.cli;

import ai.tvlt.weights.hub.HubEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The result of one in-process run of a command line: exit status and captured stdout/stderr.
 *
 * @param exitCode the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code tvlt <args>} in-process with the project's error handling. */
    static CliRun tvlt(String... args) {
        return run(TvltCommand.newCommandLine(), args);
    }

    /** Runs {@code tvlt <args>} in-process with the given hub environment (fake hub, temporary cache). */
    static CliRun tvlt(HubEnvironment hub, String... args) {
        return tvlt(() -> hub, args);
    }

    /** Runs {@code tvlt <args>} in-process with a hub environment read from {@code hub} when needed. */
    static CliRun tvlt(Supplier<HubEnvironment> hub, String... args) {
        return run(TvltCommand.newCommandLine(hub), args);
    }

    /** Runs any command line in-process, with the project's error handling installed. */
    static CliRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ErrorReporter errors = new ErrorReporter();
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** @return the stderr lines */
    List<String> errLines() {
        return err.lines().toList();
    }

    /** @return the stdout lines */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** @return the single error line, failing when stderr does not hold exactly one line */
    String singleErrorLine() {
        List<String> lines = errLines();
        if (lines.size() != 1) {
            throw new AssertionError("expected exactly one line on stderr, got " + lines.size() + ":\n" + err);
        }
        return lines.get(0);
    }
}
