package ai.tvlt.examples.cli;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.hub.DownloadProgress;
import ai.tvlt.weights.hub.HubClient;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.RepoRef;
import ai.tvlt.weights.hub.Snapshot;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tvlt download owner/name[@revision] [--offline]}: makes a model available in the Hugging Face
 * cache shared with Python ({@link HubClient}: {@code config.json}, {@code preprocessor_config.json} when
 * present, and the preferred weights), then prints the snapshot folder on stdout (one line, usable as
 * {@code --model} or {@code $(tvlt download ...)}) and the resolved commit on stderr. Large files show a
 * progress bar on stderr when run from a terminal.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a model from the Hugging Face hub into the Hugging Face cache (shared with"
                + " Python) and print its snapshot folder."},
        footer = {"", "Prints the snapshot folder on stdout and '<repo>@<revision> -> commit <hash>' on stderr.",
            "Environment: HF_ENDPOINT, HF_TOKEN, HF_HOME / HF_HUB_CACHE, HF_HUB_OFFLINE (as huggingface_hub).",
            "", "Examples:", "  tvlt download ZinengTang/tvlt-base",
            "  tvlt download ZinengTang/tvlt-base@main --offline   # cache only"})
public final class DownloadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO_ID", converter = RepoRefConverter.class,
            description = "owner/name[@revision]; the revision is a branch, tag, commit or refs/pr/N (default main).")
    private RepoRef repo;

    @Option(names = "--offline", description = "Use the cache only and make no request (as HF_HUB_OFFLINE=1).")
    private boolean offline;

    private final Supplier<HubEnvironment> environment;

    /**
     * @param environment the hub endpoint, token, cache folder and offline mode, read when the command runs
     */
    public DownloadCommand(Supplier<HubEnvironment> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    @Override
    public Integer call() {
        HubEnvironment env = environment.get();
        HubClient client = HubClient.builder().environment(offline ? env.withOffline(true) : env)
                .progress(DownloadProgress.automatic()).build();
        Snapshot snapshot = client.download(repo);
        spec.commandLine().getOut().println(snapshot.folder());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println(repo + " -> commit " + snapshot.commit() + " ("
                + String.join(", ", snapshot.files()) + ")");
        spec.commandLine().getErr().flush();
        return 0;
    }

    /** Parses the argument with {@link RepoRef#parse(String)}. */
    static final class RepoRefConverter implements ITypeConverter<RepoRef> {
        @Override
        public RepoRef convert(String value) {
            try {
                return RepoRef.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
