package ai.tvlt.examples.cli.embed;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.clip.ClipSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the clip list of {@code tvlt embed}, {@code match} and {@code classify --list FILE} (UTF-8): one clip per
 * line, three columns {@code id}, {@code video}, {@code audio}, or one column naming a video file, whose sound track
 * is the clip's audio and whose file name without extension is its id.
 * <ul>
 *   <li>A file whose name ends in {@code .csv} is comma-separated with RFC 4180 quoting within the line
 *       ({@code "a, b"}, {@code ""} for a quote); any other file is tab-separated without quoting.</li>
 *   <li>Empty lines and lines starting with {@code #} are skipped; a first line {@code id, video, audio}
 *       (case-insensitive) is a header and skipped.</li>
 *   <li>Relative paths are resolved against the list file's folder.</li>
 * </ul>
 * A line with another number of columns or an empty field is an error naming the line. Whether the
 * media exist is checked when each clip is embedded. Stateless.
 */
public final class ClipList {

    private static final List<String> HEADER = List.of("id", "video", "audio");

    private ClipList() {
    }

    /**
     * @param file the list
     * @return the clips, in file order
     * @throws InvalidInputException for a malformed line or an empty list
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<ClipSource> read(Path file) {
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        CsvSchema schema = CsvSchema.emptySchema().withComments();
        schema = csv ? schema.withColumnSeparator(',') : schema.withColumnSeparator('\t').withoutQuoteChar();
        ObjectReader reader = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build()
                .readerFor(String[][].class).with(schema);
        Path base = file.toAbsolutePath().getParent();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip list " + file, e);
        }
        List<ClipSource> clips = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            String[] row = parse(reader, text, file, i + 1);
            if (!(first && isHeader(row))) {
                clips.add(clip(row, file, i + 1, base));
            }
            first = false;
        }
        if (clips.isEmpty()) {
            throw new InvalidInputException("clip list " + file + " holds no clip (expected lines id"
                    + (csv ? "," : "<TAB>") + "video" + (csv ? "," : "<TAB>") + "audio)");
        }
        return clips;
    }

    private static String[] parse(ObjectReader reader, String line, Path file, int number) {
        try {
            String[][] rows = reader.readValue(line);
            if (rows.length != 1) {
                throw new InvalidInputException("clip list " + file + ", line " + number + " is not one row");
            }
            return rows[0];
        } catch (IOException e) {
            throw new InvalidInputException("clip list " + file + ", line " + number + " is malformed: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static boolean isHeader(String[] row) {
        if (row.length != HEADER.size()) {
            return false;
        }
        for (int i = 0; i < row.length; i++) {
            if (!row[i].strip().equalsIgnoreCase(HEADER.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static ClipSource clip(String[] row, Path file, int line, Path base) {
        if (row.length == 1 && !row[0].isBlank()) {
            return ClipSource.ofVideoFile(base.resolve(row[0].strip()));
        }
        if (row.length != 3) {
            throw new InvalidInputException("clip list " + file + ", line " + line + ": expected 3 columns (id, video,"
                    + " audio) or one video file, got " + row.length);
        }
        for (int i = 0; i < 3; i++) {
            if (row[i].isBlank()) {
                throw new InvalidInputException("clip list " + file + ", line " + line + ": the " + HEADER.get(i)
                        + " column is empty");
            }
        }
        return new ClipSource(row[0].strip(), base.resolve(row[1].strip()), base.resolve(row[2].strip()));
    }
}
