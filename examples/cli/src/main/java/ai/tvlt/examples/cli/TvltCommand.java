package ai.tvlt.examples.cli;

import ai.tvlt.weights.hub.HubEnvironment;
import java.util.Arrays;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tvlt} command: entry point of the command-line tool (SPEC section 4). Each sub-command
 * is its own class; this class only assembles them and installs the {@link ErrorReporter}, so every
 * failure ends in one line on stderr and a non-zero exit status.
 *
 * <p>Logging goes through SLF4J (slf4j-simple, configured by {@code simplelogger.properties}): warnings
 * only, on stderr. {@code --verbose} adds stack traces to errors and INFO logging.
 */
@Command(name = "tvlt", mixinStandardHelpOptions = true, versionProvider = TvltVersion.class,
        description = "TVLT (Textless Vision-Language Transformer) inference on the JVM.",
        footer = {"", "Run 'tvlt <command> --help' for the options of a command."})
public final class TvltCommand implements Runnable {

    /** The option that turns on stack traces and INFO logging. */
    public static final String VERBOSE = "--verbose";

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    @Spec
    private CommandSpec spec;

    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error and log at INFO level.")
    private boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (run 'tvlt --help' for the list)");
    }

    /**
     * Builds the command line of this process: the hub environment comes from the environment
     * variables of huggingface_hub ({@link HubEnvironment#fromSystem()}).
     *
     * @return a fresh command line
     */
    public static CommandLine newCommandLine() {
        return newCommandLine(HubEnvironment::fromSystem);
    }

    /**
     * Builds the command line with the project's error handling; tests call {@code execute} on it
     * after redirecting its output with {@code setOut}/{@code setErr}.
     *
     * @param hubEnvironment hub endpoint, token, cache folder and offline mode for the commands that
     *     reach the hub ({@code download}, {@code --model owner/name}); asked only when one of them runs,
     *     so a malformed HF_ENDPOINT does not break the other commands
     * @return a fresh command line
     */
    public static CommandLine newCommandLine(Supplier<HubEnvironment> hubEnvironment) {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new TvltCommand())
                .addSubcommand(new InspectCommand(hubEnvironment))
                .addSubcommand(new DownloadCommand(hubEnvironment))
                .addSubcommand(new InferCommand(hubEnvironment))
                .addSubcommand(new ConvertCommand())
                .addSubcommand(new SamplesCommand())
                .addSubcommand(new PreprocessCommand())
                .addSubcommand(new EmbedCommand(hubEnvironment))
                .addSubcommand(new MatchCommand(hubEnvironment))
                .addSubcommand(new ClassifyCommand(hubEnvironment))
                .addSubcommand(new ReconstructCommand(hubEnvironment))
                .addSubcommand(new ServeCommand(hubEnvironment))
                .addSubcommand(new CommandLine.HelpCommand())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains(VERBOSE) && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            // before the first logger exists: slf4j-simple reads its level once
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            // before the first HTTP request: the JDK reads it once. Its default, Basic, would drop the
            // credentials of an HTTPS_PROXY=http://user:password@host URL from https tunnels; requests sends them
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
        System.exit(newCommandLine().execute(args));
    }
}
