package ai.tvlt.examples.cli.timing;

import ai.tvlt.examples.cli.OptionRange;
import java.io.PrintWriter;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --repeat N} option of commands that run a forward pass (SPEC section 4): after the
 * regular run, the forward runs N more times on the same inputs and the timing line goes to stderr.
 * Use it as a picocli {@code @Mixin}.
 */
public final class RepeatOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Integer repeat;

    /**
     * @param runs the value of {@code --repeat}, at least 1
     */
    @Option(names = "--repeat", paramLabel = "N",
            description = "Run the forward N more times after the first and print"
                    + " 'forward_ms median=.. min=.. max=.. runs=N' on stderr (weight loading excluded).")
    void setRepeat(int runs) {
        this.repeat = OptionRange.check(mixee, "--repeat", runs, 1, Integer.MAX_VALUE);
    }

    /** @return the number of extra runs, empty when {@code --repeat} was not given */
    public OptionalInt runs() {
        return repeat == null ? OptionalInt.empty() : OptionalInt.of(repeat);
    }

    /**
     * When {@code --repeat} was given, times that many runs of the forward and prints the report line
     * on the command's stderr.
     *
     * @param forward one forward pass on the inputs already used
     */
    public void timeIfRequested(Runnable forward) {
        if (repeat != null) {
            PrintWriter err = mixee.commandLine().getErr();
            err.println(ForwardTimings.measure(repeat, forward).report());
            err.flush();
        }
    }
}
