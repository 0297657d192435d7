package ai.tvlt.examples.cli;

import ai.tvlt.models.pipeline.ErrorMessages;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of a {@code tvlt} command into the one-line error of SPEC section 4:
 * {@code tvlt: error: <message>} on stderr, and a non-zero exit status ({@link #EXIT_USAGE} for a
 * command line picocli rejects, {@link #EXIT_FAILURE} for a command that fails while running). The stack
 * trace follows that line only when {@code --verbose} was given.
 *
 * <p>Stateless, thread-safe.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit status for a command that failed while running (bad file, bad tensor, ...). */
    public static final int EXIT_FAILURE = 1;
    /** Exit status for a command line that does not parse (unknown command or option, missing argument). */
    public static final int EXIT_USAGE = 2;
    /** The start of every error line. */
    public static final String PREFIX = "tvlt: error: ";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        report(err, usageMessage(ex), ex, Arrays.asList(args).contains(TvltCommand.VERBOSE));
        return EXIT_USAGE;
    }

    /**
     * Picocli's message, except for an unknown command or option, which is named with picocli's
     * suggestion of what was meant ({@code unknown command 'embd'; did you mean 'embed'?}).
     */
    private static String usageMessage(ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String given = unmatched.getUnmatched().get(0);
            String help = " (run '" + command.getCommandSpec().qualifiedName() + " --help' for the list)";
            List<String> suggestions = unmatched.getSuggestions();
            if (unmatched.isUnknownOption()) {
                return "unknown option '" + given + "'" + didYouMean(given, suggestions, 3) + help;
            }
            if (!command.getSubcommands().isEmpty()) {
                return "unknown command '" + given + "'" + didYouMean(given, suggestions, 1) + help;
            }
        }
        return oneLine(ex.getMessage());
    }

    /**
     * Picocli's suggestions (commands ranked by similarity, options sharing the first letters), kept when
     * they are a plausible typo of what was given: at most a third of its letters edited (at least 2).
     */
    private static String didYouMean(String given, List<String> suggestions, int most) {
        int allowed = Math.max(2, given.length() / 3);
        List<String> close = suggestions.stream().filter(s -> editDistance(given, s) <= allowed).limit(most).toList();
        return close.isEmpty() ? "" : "; did you mean " + close.stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(" or ")) + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult fullParseResult) {
        report(commandLine.getErr(), describe(ex), ex, isVerbose(fullParseResult));
        return EXIT_FAILURE;
    }

    /**
     * The message of the one-line error for a failure: picocli's message for a command line it rejects,
     * otherwise the library's {@link ErrorMessages#describe}.
     *
     * @param failure what the command threw
     * @return one line, without the {@link #PREFIX}
     */
    public static String describe(Throwable failure) {
        if (failure instanceof ParameterException) {
            return oneLine(failure.getMessage());
        }
        return ErrorMessages.describe(failure);
    }

    private static void report(PrintWriter err, String message, Throwable failure, boolean verbose) {
        err.println(PREFIX + message);
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    private static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(TvltCommand.VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return ErrorMessages.oneLine(message);
    }
}
