package ai.tvlt.core.tensor;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/** Shape arithmetic and checks shared by every module. Stateless. */
public final class Shapes {

    private Shapes() {
    }

    /**
     * @param shape dimensions, each non-negative
     * @return the element count
     * @throws InvalidInputException for a null shape, a negative dimension or an overflowing product
     */
    public static long numel(long... shape) {
        if (shape == null) {
            throw new InvalidInputException("tensor shape must not be null");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new InvalidInputException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return n;
    }

    /**
     * @param shape dimensions
     * @return a copy of the shape
     * @throws InvalidInputException for a null shape
     */
    public static long[] copyOf(long... shape) {
        if (shape == null) {
            throw new InvalidInputException("tensor shape must not be null");
        }
        return shape.clone();
    }

    /**
     * @param shape dimensions
     * @return the element count as an int, for Java arrays
     * @throws InvalidInputException when it does not fit a Java array
     */
    public static int numelInt(long... shape) {
        long n = numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    /**
     * Checks that an array's length matches a shape.
     *
     * @param argument the argument's name, for the message
     * @param length the data length
     * @param shape the claimed shape
     */
    public static void checkLength(String argument, int length, long[] shape) {
        long n = numel(shape);
        if (n != length) {
            throw new InvalidInputException(argument + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " elements, got " + length);
        }
    }

    /**
     * Checks an argument's rank.
     *
     * @param argument the argument's name
     * @param shape its shape
     * @param rank expected rank
     * @param layout the expected layout, e.g. {@code "[B, T, C, H, W]"}
     */
    public static void checkRank(String argument, long[] shape, int rank, String layout) {
        if (shape.length != rank) {
            throw new InvalidInputException(argument + " must have rank " + rank + " " + layout + ", got shape "
                    + Arrays.toString(shape));
        }
    }
}
