package ai.tvlt.examples.cli.timing;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall-clock times of repeated forward passes, reported as the {@code --repeat N} line of SPEC
 * section 4: {@code forward_ms median=<m> min=<a> max=<b> runs=<N>}. A rough user-facing measure; the
 * project's speed claims come from the JMH benchmarks.
 *
 * <p>Immutable and thread-safe.
 */
public final class ForwardTimings {

    private final double[] sortedMillis;

    private ForwardTimings(double[] sortedMillis) {
        this.sortedMillis = sortedMillis;
    }

    /**
     * Runs a forward pass {@code runs} times in a row and records each run's time.
     *
     * @param runs how many runs, at least 1
     * @param forward one forward pass on fixed inputs
     * @return the timings
     */
    public static ForwardTimings measure(int runs, Runnable forward) {
        if (runs < 1) {
            throw new InvalidInputException("--repeat must be at least 1, got " + runs);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            forward.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return of(millis);
    }

    /**
     * @param millis recorded run times in milliseconds, at least one
     * @return the timings
     */
    public static ForwardTimings of(double... millis) {
        if (millis.length == 0) {
            throw new InvalidInputException("no runs were timed");
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new ForwardTimings(sorted);
    }

    /** @return the number of timed runs */
    public int runs() {
        return sortedMillis.length;
    }

    /** @return the median run time in ms (the mean of the two middle runs for an even count) */
    public double medianMillis() {
        int n = sortedMillis.length;
        return n % 2 == 1 ? sortedMillis[n / 2] : (sortedMillis[n / 2 - 1] + sortedMillis[n / 2]) / 2;
    }

    /** @return the fastest run in ms */
    public double minMillis() {
        return sortedMillis[0];
    }

    /** @return the slowest run in ms */
    public double maxMillis() {
        return sortedMillis[sortedMillis.length - 1];
    }

    /** @return the report line, e.g. {@code forward_ms median=812.402 min=798.113 max=840.950 runs=5} */
    public String report() {
        return String.format(Locale.ROOT, "forward_ms median=%.3f min=%.3f max=%.3f runs=%d",
                medianMillis(), minMillis(), maxMillis(), runs());
    }

    @Override
    public String toString() {
        return report();
    }
}
