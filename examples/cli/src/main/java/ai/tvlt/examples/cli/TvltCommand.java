package ai.tvlt.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tvlt} command: entry point of the command-line tool (SPEC section 4). */
@Command(name = "tvlt", mixinStandardHelpOptions = true, version = "tvlt 0.1.0",
        description = "TVLT inference on the JVM.", subcommands = {})
public final class TvltCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TvltCommand()).execute(args));
    }
}
