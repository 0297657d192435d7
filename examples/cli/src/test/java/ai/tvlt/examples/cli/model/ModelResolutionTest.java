package ai.tvlt.examples.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.ErrorReporter;
import ai.tvlt.weights.hub.ModelLocator;
import ai.tvlt.weights.hub.ModelReference;
import ai.tvlt.weights.hub.ModelResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --model DIR|owner/name[@revision]}: parsing, resolution through locators, and the error messages. */
class ModelResolutionTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void parsesFoldersAndRepositoryIds(@TempDir Path dir) {
        assertEquals(new ModelReference.Folder(dir), ModelReference.parse(dir.toString()));
        assertEquals(new ModelReference.Repo("ZinengTang/tvlt-base", "main"), ModelReference.parse("ZinengTang/tvlt-base"));
        assertEquals(new ModelReference.Repo("owner/name", "v1.0"), ModelReference.parse("owner/name@v1.0"));
        assertEquals(new ModelReference.Repo("owner/name", "refs/pr/3"), ModelReference.parse("owner/name@refs/pr/3"));
        assertEquals(new ModelReference.Repo("gpt2", "main"), ModelReference.parse("gpt2"));
        assertTrue(ModelReference.parse("owner/name@" + COMMIT) instanceof ModelReference.Repo r && r.ref().isCommitHash());
        assertInstanceOf(ModelReference.Folder.class, ModelReference.parse("./missing-model"));
        assertInstanceOf(ModelReference.Folder.class, ModelReference.parse("/abs/path/to/model"));
        assertInstanceOf(ModelReference.Folder.class, ModelReference.parse("a/b/c"));
        assertThrows(InvalidInputException.class, () -> ModelReference.parse(""));
        assertThrows(InvalidInputException.class, () -> ModelReference.parse("owner/name@../../etc"));
    }

    @Test
    void missingModelsSayHowToGetThem(@TempDir Path dir) throws IOException {
        ModelResolver resolver = new ModelResolver(List.of(new FixedLocator(Map.of())));
        InvalidInputException repo = assertThrows(InvalidInputException.class,
                () -> resolver.resolve(ModelReference.parse("owner/name@v1")));
        assertTrue(repo.getMessage().contains("tvlt download owner/name@v1")
                && repo.getMessage().contains("pass a folder holding config.json")
                && repo.getMessage().contains("the test locator"), repo.getMessage());
        InvalidInputException folder = assertThrows(InvalidInputException.class,
                () -> resolver.resolve(ModelReference.parse(dir.resolve("nope/x/y").toString())));
        assertTrue(folder.getMessage().contains("does not exist"), folder.getMessage());
        Path file = Files.writeString(dir.resolve("config.json"), "{}");
        InvalidInputException notFolder = assertThrows(InvalidInputException.class,
                () -> resolver.resolve(ModelReference.parse(file.toString())));
        assertTrue(notFolder.getMessage().contains("is a file"), notFolder.getMessage());
    }

    /** A command using the option as {@code infer} will. */
    @Command(name = "loads")
    static final class LoadsCommand implements Callable<Integer> {
        @Mixin
        ModelOption model;
        Path resolved;

        LoadsCommand(ModelResolver resolver) {
            model = new ModelOption(() -> resolver);
        }

        @Override
        public Integer call() {
            resolved = model.folder();
            return 0;
        }
    }

    @Test
    void optionResolvesThroughTheGivenResolver(@TempDir Path snapshot) {
        ModelResolver resolver = new ModelResolver(List.of(
                new FixedLocator(Map.of(new ModelReference.Repo("owner/name", "main"), snapshot))));
        LoadsCommand command = new LoadsCommand(resolver);
        assertEquals(0, new CommandLine(command).execute("--model", "owner/name"));
        assertEquals(snapshot, command.resolved);

        StringWriter err = new StringWriter();
        ErrorReporter errors = new ErrorReporter();
        int code = new CommandLine(new LoadsCommand(resolver))
                .setErr(new PrintWriter(err)).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .execute("--model", "owner/absent");
        assertEquals(ErrorReporter.EXIT_FAILURE, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("tvlt download owner/absent"), err.toString());
    }

    @Test
    void missingOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        ErrorReporter errors = new ErrorReporter();
        int code = new CommandLine(new LoadsCommand(new ModelResolver(List.of())))
                .setErr(new PrintWriter(err)).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .execute();
        assertEquals(ErrorReporter.EXIT_USAGE, code);
        assertTrue(err.toString().contains("--model"), err.toString());
    }

    /** A locator that knows a fixed set of repositories. */
    private record FixedLocator(Map<ModelReference.Repo, Path> folders) implements ModelLocator {
        @Override
        public Optional<Path> locate(ModelReference.Repo repo) {
            return Optional.ofNullable(folders.get(repo));
        }

        @Override
        public String describe() {
            return "the test locator";
        }
    }
}
