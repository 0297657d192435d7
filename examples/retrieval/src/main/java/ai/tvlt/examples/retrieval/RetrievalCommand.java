package ai.tvlt.examples.retrieval;

import ai.tvlt.weights.hub.HubEnvironment;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt-retrieval}: the retrieval example's command line, {@code index} ({@link IndexCommand}) and
 * {@code query} ({@link QueryCommand}). Errors end in one line on stderr and a non-zero exit status, as in
 * the {@code tvlt} tool ({@link RetrievalErrors}).
 */
@Command(name = "tvlt-retrieval", mixinStandardHelpOptions = true,
        description = {"Clip retrieval with TVLT: a Lucene HNSW index of clip vectors (first stage) and the"
                + " TVLT matching head as reranker (second stage)."},
        footer = {"", "Run 'tvlt-retrieval <command> --help' for the options of a command."})
public final class RetrievalCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: index or query");
    }

    /**
     * @param hubEnvironment hub settings for {@code --model owner/name}, read only when one is resolved
     * @return a fresh command line with the project's error handling
     */
    public static CommandLine newCommandLine(Supplier<HubEnvironment> hubEnvironment) {
        RetrievalErrors errors = new RetrievalErrors();
        return new CommandLine(new RetrievalCommand())
                .addSubcommand(new IndexCommand(hubEnvironment))
                .addSubcommand(new QueryCommand(hubEnvironment))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine(HubEnvironment::fromSystem).execute(args));
    }
}
