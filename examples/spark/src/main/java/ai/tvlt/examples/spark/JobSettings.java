package ai.tvlt.examples.spark;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Objects;

/**
 * What the embedding job reads and writes, and how it splits the work. Immutable.
 *
 * @param input the clip table
 * @param format its format
 * @param output the Parquet output path
 * @param batchSize clips per model call, at least 1
 * @param partitions how many partitions to spread the clips over, or 0 to keep the input's
 * @param overwrite whether to replace an existing output
 */
public record JobSettings(String input, InputFormat format, String output, int batchSize, int partitions,
        boolean overwrite) {

    /** Validates the settings. */
    public JobSettings {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(output, "output");
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be at least 1, got " + batchSize);
        }
        if (partitions < 0) {
            throw new InvalidInputException("--partitions must be 0 (keep the input's) or more, got " + partitions);
        }
    }
}
