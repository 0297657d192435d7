package ai.tvlt.examples.quickstart;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs an example's main with System.out captured (the tests run one at a time, as surefire does by default). */
final class StdoutCapture {

    /** A main method. */
    interface Main {
        void run(String[] args);
    }

    private StdoutCapture() {
    }

    static List<String> run(Main main, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            main.run(args);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
