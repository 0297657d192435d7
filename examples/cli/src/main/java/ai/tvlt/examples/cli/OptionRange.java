package ai.tvlt.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of numeric options, made before any work starts: a value out of range is a usage error,
 * exit status {@link ErrorReporter#EXIT_USAGE} with one line naming the option, as a malformed number is.
 * Stateless.
 */
public final class OptionRange {

    private OptionRange() {
    }

    /**
     * @param spec the command, for the usage error
     * @param option the option's name, e.g. {@code --top-k}
     * @param value its value
     * @param min the least value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws ParameterException when it is outside [min, max]
     */
    public static int check(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be "
                    + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + value);
        }
        return value;
    }
}
