package ai.tvlt.examples.spark;

import static org.apache.spark.sql.functions.col;

import ai.tvlt.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's input: a table with the columns {@code id}, {@code video} and {@code audio} (other columns
 * are ignored), as CSV with a header, Parquet or JSON lines. Stateless.
 */
public final class ClipTable {

    /** Column of the clip id (any type; it is read as a string). */
    public static final String ID = "id";
    /** Column of the video path: a video file, an image or a folder of frames. */
    public static final String VIDEO = "video";
    /** Column of the audio path: a WAV file. */
    public static final String AUDIO = "audio";

    private static final List<String> COLUMNS = List.of(ID, VIDEO, AUDIO);

    private ClipTable() {
    }

    /**
     * Reads a clip table.
     *
     * @param spark the session
     * @param path the table (a file, a folder of part files, or anything Spark's reader accepts)
     * @param format its format
     * @return the columns {@code id}, {@code video}, {@code audio}, all strings
     * @throws InvalidInputException when a column is missing
     */
    public static Dataset<Row> read(SparkSession spark, String path, InputFormat format) {
        DataFrameReader reader = spark.read().format(format.sourceName());
        if (format == InputFormat.CSV) {
            reader = reader.option("header", "true");
        }
        return select(reader.load(path), path);
    }

    /**
     * Checks and selects the clip columns of a table.
     *
     * @param table any table with the three columns
     * @param name how to name the table in an error
     * @return the columns {@code id}, {@code video}, {@code audio}, all cast to strings
     * @throws InvalidInputException when a column is missing
     */
    public static Dataset<Row> select(Dataset<Row> table, String name) {
        List<String> present = Arrays.asList(table.columns());
        List<String> missing = new ArrayList<>();
        for (String column : COLUMNS) {
            if (!present.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("input table " + name + " lacks the column(s) " + missing
                    + " (it has " + present + "; needed: " + COLUMNS + ")");
        }
        return table.select(col(ID).cast(DataTypes.StringType), col(VIDEO).cast(DataTypes.StringType),
                col(AUDIO).cast(DataTypes.StringType));
    }

    /**
     * @param row a row of {@link #select}'s output
     * @return the clip it describes
     */
    static Clip clip(Row row) {
        return new Clip(row.getString(0), row.getString(1), row.getString(2));
    }

    /** @return the schema of {@link #select}'s output */
    static StructType schema() {
        return new StructType()
                .add(ID, DataTypes.StringType, true)
                .add(VIDEO, DataTypes.StringType, true)
                .add(AUDIO, DataTypes.StringType, true);
    }
}
