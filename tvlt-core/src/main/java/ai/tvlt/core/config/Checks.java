package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;

/** Validation helpers whose messages name the JSON key. */
final class Checks {

    private Checks() {
    }

    /**
     * @param key the JSON key
     * @param value the value
     * @throws ConfigException if {@code value <= 0}
     */
    static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException("'" + key + "' must be positive, got " + value);
        }
    }

    /**
     * @param key the JSON key
     * @param value the value
     * @throws ConfigException if {@code value} is not a finite number greater than zero
     */
    static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException("'" + key + "' must be a positive finite number, got " + value);
        }
    }

    /**
     * @param key the JSON key
     * @param value the value
     * @throws ConfigException if {@code value} is not a finite number
     */
    static void finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new ConfigException("'" + key + "' must be a finite number, got " + value);
        }
    }

    /**
     * @param key the JSON key
     * @param value the value
     * @param maxInclusive whether 1 itself is allowed
     * @throws ConfigException if {@code value} is outside [0, 1] or [0, 1)
     */
    static void unitInterval(String key, double value, boolean maxInclusive) {
        boolean ok = value >= 0 && (maxInclusive ? value <= 1 : value < 1);
        if (!ok) {
            throw new ConfigException("'" + key + "' must be in [0, 1" + (maxInclusive ? "]" : ")")
                    + ", got " + value);
        }
    }

    /**
     * @param key the JSON key
     * @param value the value
     * @return the value
     * @throws ConfigException if {@code value} is null
     */
    static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new ConfigException("'" + key + "' must not be null");
        }
        return value;
    }

    /**
     * @param key the JSON key
     * @param pair the array
     * @return a copy of the array
     * @throws ConfigException if the array is null, not of length 2, or has a non-positive entry
     */
    static int[] positivePair(String key, int[] pair) {
        notNull(key, pair);
        if (pair.length != 2) {
            throw new ConfigException("'" + key + "' must have exactly 2 entries, got " + pair.length);
        }
        positive(key + "[0]", pair[0]);
        positive(key + "[1]", pair[1]);
        return pair.clone();
    }

    /**
     * @param key the JSON key of the dividend
     * @param value the dividend
     * @param divisorKey the JSON key of the divisor
     * @param divisor the divisor (positive)
     * @throws ConfigException if {@code value} is not a multiple of {@code divisor}
     */
    static void divisible(String key, int value, String divisorKey, int divisor) {
        if (value % divisor != 0) {
            throw new ConfigException("'" + key + "' (" + value + ") must be divisible by '" + divisorKey
                    + "' (" + divisor + ")");
        }
    }

    /**
     * @param key the JSON key of the value
     * @param value the value
     * @param minKey the JSON key of the minimum
     * @param min the minimum
     * @throws ConfigException if {@code value < min}
     */
    static void atLeast(String key, int value, String minKey, int min) {
        if (value < min) {
            throw new ConfigException("'" + key + "' (" + value + ") must be at least '" + minKey
                    + "' (" + min + ")");
        }
    }
}
