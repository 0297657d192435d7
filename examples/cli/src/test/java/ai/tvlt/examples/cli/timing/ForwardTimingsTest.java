package ai.tvlt.examples.cli.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.ErrorReporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ForwardTimingsTest {

    private static final String LINE = "forward_ms median=\\d+\\.\\d+ min=\\d+\\.\\d+ max=\\d+\\.\\d+ runs=\\d+";

    @Test
    void statisticsOfOddAndEvenCounts() {
        ForwardTimings odd = ForwardTimings.of(30, 10, 20);
        assertEquals(20, odd.medianMillis());
        assertEquals(10, odd.minMillis());
        assertEquals(30, odd.maxMillis());
        assertEquals("forward_ms median=20.000 min=10.000 max=30.000 runs=3", odd.report());
        ForwardTimings even = ForwardTimings.of(4, 1, 2, 100);
        assertEquals(3, even.medianMillis());
        assertEquals("forward_ms median=3.000 min=1.000 max=100.000 runs=4", even.report());
    }

    @Test
    void measureRunsTheForwardExactlyNTimes() {
        AtomicInteger calls = new AtomicInteger();
        ForwardTimings t = ForwardTimings.measure(5, calls::incrementAndGet);
        assertEquals(5, calls.get());
        assertEquals(5, t.runs());
        assertTrue(t.minMillis() >= 0 && t.minMillis() <= t.medianMillis() && t.medianMillis() <= t.maxMillis());
        assertTrue(t.report().matches(LINE), t.report());
        assertThrows(InvalidInputException.class, () -> ForwardTimings.measure(0, calls::incrementAndGet));
    }

    /** A command that uses the option the way {@code infer} does. */
    @Command(name = "timed")
    static final class TimedCommand implements Callable<Integer> {
        @Mixin
        RepeatOption repeat;
        final AtomicInteger forwards = new AtomicInteger();

        @Override
        public Integer call() {
            forwards.incrementAndGet();
            repeat.timeIfRequested(forwards::incrementAndGet);
            return 0;
        }
    }

    @Test
    void repeatOptionReportsOnStderr() {
        TimedCommand command = new TimedCommand();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setErr(new PrintWriter(err)).execute("--repeat", "3");
        assertEquals(0, code);
        assertEquals(4, command.forwards.get(), "one regular run and three timed ones");
        String line = err.toString().strip();
        assertTrue(line.matches(LINE) && line.endsWith("runs=3"), line);
    }

    @Test
    void withoutRepeatNothingIsTimed() {
        TimedCommand command = new TimedCommand();
        StringWriter err = new StringWriter();
        assertEquals(0, new CommandLine(command).setErr(new PrintWriter(err)).execute());
        assertEquals(1, command.forwards.get());
        assertEquals("", err.toString());
    }

    @Test
    void repeatMustBePositive() {
        StringWriter err = new StringWriter();
        ErrorReporter errors = new ErrorReporter();
        int code = new CommandLine(new TimedCommand()).setErr(new PrintWriter(err))
                .setParameterExceptionHandler(errors).execute("--repeat", "0");
        assertEquals(ErrorReporter.EXIT_USAGE, code);
        assertEquals("tvlt: error: --repeat must be at least 1, got 0", err.toString().strip());
    }
}
