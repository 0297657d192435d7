package ai.tvlt.examples.retrieval;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of {@code tvlt-retrieval <args>}: exit status and captured stdout/stderr. The hub is
 * never asked (the tests pass checkpoint folders).
 *
 * @param exitCode the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
record RetrievalRun(int exitCode, String out, String err) {

    static RetrievalRun of(String... args) {
        CommandLine commandLine = RetrievalCommand.newCommandLine(() -> {
            throw new AssertionError("the tests never resolve a hub repository");
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new RetrievalRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
