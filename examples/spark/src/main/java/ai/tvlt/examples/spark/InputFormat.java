package ai.tvlt.examples.spark;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Locale;

/** The file formats the clip table may be stored in, as Spark's data source names them. */
public enum InputFormat {
    /** Comma-separated values with a header row. */
    CSV("csv"),
    /** Apache Parquet. */
    PARQUET("parquet"),
    /** JSON lines: one object per line. */
    JSON("json");

    private final String sourceName;

    InputFormat(String sourceName) {
        this.sourceName = sourceName;
    }

    /** @return Spark's data source name ({@code csv}, {@code parquet}, {@code json}) */
    public String sourceName() {
        return sourceName;
    }

    /**
     * @param name {@code csv}, {@code parquet} or {@code json}, case-insensitive
     * @return the format
     * @throws InvalidInputException for another name
     */
    public static InputFormat parse(String name) {
        for (InputFormat f : values()) {
            if (f.sourceName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new InvalidInputException("unknown input format '" + name + "'; expected csv, parquet or json");
    }

    /**
     * Guesses the format from a path's extension.
     *
     * @param path a file or folder path
     * @return the format its extension names
     * @throws InvalidInputException when the extension is none of .csv, .parquet, .json, .jsonl
     */
    public static InputFormat fromPath(String path) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return JSON;
        }
        throw new InvalidInputException("cannot tell the format of input table " + path
                + " from its extension (.csv, .parquet, .json or .jsonl): give --format");
    }
}
