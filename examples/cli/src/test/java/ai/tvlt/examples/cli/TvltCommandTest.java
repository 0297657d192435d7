package ai.tvlt.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command framework: help, version, and the one-line error contract of SPEC section 4. */
class TvltCommandTest {

    static Stream<String> commands() {
        Set<String> names = TvltCommand.newCommandLine().getSubcommands().keySet();
        return names.stream();
    }

    @Test
    void everyCommandIsRegistered() {
        assertTrue(commands().toList().containsAll(List.of("inspect", "download", "infer", "convert", "samples", "help")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpWorksForEveryCommand(String command) {
        CliRun run = CliRun.tvlt(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: tvlt " + command + " "), run.out());
        assertEquals("", run.err());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.tvlt("--help");
        assertEquals(0, run.exitCode());
        commands().forEach(c -> assertTrue(run.out().contains("  " + c + " "), c + " missing in\n" + run.out()));
    }

    @Test
    void helpCommandShowsACommandsUsage() {
        CliRun run = CliRun.tvlt("help", "inspect");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: tvlt inspect"), run.out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun run = CliRun.tvlt("embd");
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertEquals("tvlt: error: unknown command 'embd'; did you mean 'embed'? (run 'tvlt --help' for the list)",
                run.singleErrorLine());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        CliRun run = CliRun.tvlt("embed", "--dirr", "clips");
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().startsWith("tvlt: error: unknown option '--dirr'; did you mean '--dir'?"),
                run.err());
    }

    @ParameterizedTest
    @MethodSource("outOfRangeNumbers")
    void outOfRangeNumbersAreUsageErrorsNamingTheOption(List<String> args, String option) {
        CliRun run = CliRun.tvlt(args.toArray(String[]::new));
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode(), run.err());
        assertTrue(run.singleErrorLine().contains(option + " must be"), run.err());
    }

    static Stream<Arguments> outOfRangeNumbers() {
        String model = HeadsFixtures.PRETRAINING.toString();
        return Stream.of(
                Arguments.of(List.of("reconstruct", "--model", model, "--video", "v", "--audio", "a.wav", "--out",
                        "x.png", "--scale", "0"), "--scale"),
                Arguments.of(List.of("reconstruct", "--model", model, "--video", "v", "--audio", "a.wav", "--out",
                        "x.png", "--scale", "99"), "--scale"),
                Arguments.of(List.of("classify", "--model", model, "--video", "v", "--audio", "a.wav", "--top-k",
                        "-1"), "--top-k"),
                Arguments.of(List.of("preprocess", "--sampling-rate", "0", "--out", "x.safetensors"),
                        "--sampling-rate"),
                Arguments.of(List.of("samples", "--out", "x", "--clips", "1001"), "--clips"),
                Arguments.of(List.of("samples", "--out", "x", "--frames", "0"), "--frames"),
                Arguments.of(List.of("samples", "--out", "x", "--seconds", "-1"), "--seconds"),
                Arguments.of(List.of("infer", "--model", model, "--task", "model", "--inputs", "i.safetensors",
                        "--out", "o.safetensors", "--repeat", "0"), "--repeat"));
    }

    @Test
    void versionIsPrinted() {
        CliRun run = CliRun.tvlt("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("tvlt "), run.out());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.tvlt();
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().startsWith("tvlt: error: missing command"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownCommandIsOneLine() {
        CliRun run = CliRun.tvlt("frobnicate", "x");
        assertNotEquals(0, run.exitCode());
        assertEquals("tvlt: error: unknown command 'frobnicate' (run 'tvlt --help' for the list)",
                run.singleErrorLine());
    }

    @Test
    void missingArgumentIsOneLine() {
        CliRun run = CliRun.tvlt("inspect");
        assertNotEquals(0, run.exitCode());
        String line = run.singleErrorLine();
        assertTrue(line.startsWith(ErrorReporter.PREFIX) && line.contains("FILE|DIR"), line);
    }

    @Test
    void unknownOptionIsOneLine() {
        CliRun run = CliRun.tvlt("inspect", "--no-such-option", "x");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.singleErrorLine().contains("--no-such-option"), run.err());
    }

    @Test
    void badOptionValueIsOneLine(@TempDir Path dir) {
        CliRun run = CliRun.tvlt("samples", "--out", dir.toString(), "--clips", "many");
        assertEquals(ErrorReporter.EXIT_USAGE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("'many'"), run.err());
    }

    @Test
    void executionFailureIsOneLineWithoutVerbose(@TempDir Path dir) {
        CliRun run = CliRun.tvlt("inspect", dir.resolve("absent.safetensors").toString());
        assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
        assertTrue(run.singleErrorLine().contains("absent.safetensors"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void verbosePrintsTheStackTrace(@TempDir Path dir) {
        for (String[] args : List.of(new String[] {"--verbose", "inspect", dir.resolve("absent").toString()},
                new String[] {"inspect", "--verbose", dir.resolve("absent").toString()})) {
            CliRun run = CliRun.tvlt(args);
            assertEquals(ErrorReporter.EXIT_FAILURE, run.exitCode());
            List<String> lines = run.errLines();
            assertTrue(lines.get(0).startsWith("tvlt: error: ") && lines.get(0).contains("absent"), run.err());
            assertTrue(lines.size() > 2 && run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void unexpectedExceptionsAreCalledSoWithoutAClassName() {
        assertEquals("unexpected internal error: broken", ErrorReporter.describe(new IllegalStateException("broken")));
        assertEquals("unexpected internal error", ErrorReporter.describe(new NullPointerException()));
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("first second", ErrorReporter.describe(new ai.tvlt.core.error.InvalidInputException("first\n  second\n")));
    }

    @Test
    void fileSystemFailuresAreDescribedPlainly() {
        assertEquals("no such file or folder: /x/y", ErrorReporter.describe(
                new java.io.UncheckedIOException("cannot open /x/y: /x/y", new java.nio.file.NoSuchFileException("/x/y"))));
        assertEquals("cannot write out.bin: disk full", ErrorReporter.describe(
                new java.io.UncheckedIOException("cannot write out.bin: disk full", new java.io.IOException("disk full"))));
    }
}
