package ai.tvlt.examples.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Orders names the way people number files: runs of digits compare by their value, so {@code f2}
 * comes before {@code f10} and {@code video.2.frame.9} before {@code video.10.frame.0} (SPEC section 4,
 * frame folders and indexed tensor names). Other characters compare as they are. Names that differ
 * only in leading zeros ({@code f02}, {@code f2}) fall back to plain string order, so the order is
 * total and consistent with {@code equals}.
 *
 * <p>Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class NaturalOrder implements Comparator<String> {

    /** The shared instance. */
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitRunEnd(a, i);
                int endB = digitRunEnd(b, j);
                int byValue = compareDigitRuns(a, i, endA, b, j, endB);
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    /**
     * The regular, non-hidden files of a folder, in natural order of their names (not recursive).
     *
     * @param folder the folder
     * @return its files
     * @throws UncheckedIOException when the folder cannot be listed
     */
    public static List<Path> files(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), INSTANCE))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Compares two digit runs by value without parsing, so runs of any length work. */
    private static int compareDigitRuns(String a, int startA, int endA, String b, int startB, int endB) {
        int i = skipZeros(a, startA, endA);
        int j = skipZeros(b, startB, endB);
        int byMagnitude = Integer.compare(endA - i, endB - j);
        if (byMagnitude != 0) {
            return byMagnitude;
        }
        for (; i < endA; i++, j++) {
            int byDigit = Character.compare(a.charAt(i), b.charAt(j));
            if (byDigit != 0) {
                return byDigit;
            }
        }
        return 0;
    }

    private static int skipZeros(String s, int start, int end) {
        int i = start;
        while (i < end - 1 && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }

    private static int digitRunEnd(String s, int start) {
        int i = start;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
