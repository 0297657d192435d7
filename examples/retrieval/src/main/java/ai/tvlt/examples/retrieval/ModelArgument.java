package ai.tvlt.examples.retrieval;

import ai.tvlt.weights.hub.ModelReference;
import ai.tvlt.weights.hub.ModelResolver;
import ai.tvlt.weights.hub.HubEnvironment;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The {@code --model DIR|owner/name[@revision]} option of both commands (a picocli {@code @Mixin}): a
 * checkpoint folder, or a hub repository taken from the Hugging Face cache and downloaded into it when
 * missing ({@link ModelResolver#forHub}).
 */
final class ModelArgument {

    @Option(names = "--model", paramLabel = "DIR|REPO_ID", required = true,
            description = "Checkpoint folder (config.json + weights), or a Hugging Face repository"
                    + " owner/name[@revision] (taken from the Hugging Face cache, downloaded when missing).")
    private String model;

    private final Supplier<HubEnvironment> hubEnvironment;

    /**
     * @param hubEnvironment hub settings, read only when a repository id is resolved
     */
    ModelArgument(Supplier<HubEnvironment> hubEnvironment) {
        this.hubEnvironment = hubEnvironment;
    }

    /** @return the checkpoint folder */
    Path folder() {
        ModelReference reference = ModelReference.parse(model);
        return reference instanceof ModelReference.Folder folder ? folder.existing()
                : ModelResolver.forHub(hubEnvironment.get()).resolve(reference);
    }
}
