package ai.tvlt.processing.image;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Orders names as people number frames: runs of digits compare by value ({@code f2} before {@code f10}),
 * other text case-insensitively; ties fall back to fewer leading zeros, then to plain string order, so the
 * order is total and deterministic. Used for frame folders ({@link ImageDecoder#listImageFiles}) and by
 * other modules for indexed names ({@code video.2.frame.9} before {@code video.10.frame.0}).
 *
 * <p>Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class NaturalNameOrder implements Comparator<String> {

    /** The shared instance. */
    public static final NaturalNameOrder INSTANCE = new NaturalNameOrder();

    private NaturalNameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byValue = new BigInteger(a.substring(i, endA)).compareTo(new BigInteger(b.substring(j, endB)));
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                int byChar = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
                if (byChar != 0) {
                    return byChar;
                }
                i++;
                j++;
            }
        }
        int byRest = Integer.compare(a.length() - i, b.length() - j);
        if (byRest != 0) {
            return byRest;
        }
        int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }
}
