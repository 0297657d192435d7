package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import java.util.Set;

/**
 * Element types of the safetensors format that this library reads and writes, with their size in
 * bytes. Other dtypes of the format (U16, U32, U64, the 8-bit floats, ...) are rejected with a
 * {@link CorruptFileException} that says so.
 */
public enum DType {
    /** IEEE 754 double. */
    F64(8, true, 12),
    /** IEEE 754 single. */
    F32(4, true, 11),
    /** IEEE 754 half. */
    F16(2, true, 7),
    /** bfloat16: the upper half of a float32. */
    BF16(2, true, 8),
    /** signed 64-bit integer. */
    I64(8, false, 13),
    /** signed 32-bit integer. */
    I32(4, false, 9),
    /** signed 16-bit integer. */
    I16(2, false, 5),
    /** signed 8-bit integer. */
    I8(1, false, 2),
    /** unsigned 8-bit integer. */
    U8(1, false, 1),
    /** boolean, one byte, 0 or 1. */
    BOOL(1, false, 0);

    /** Dtype names the safetensors format defines but this library does not read. */
    private static final Set<String> OTHER_FORMAT_DTYPES = Set.of("U16", "U32", "U64", "F8_E5M2", "F8_E4M3",
            "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    private final int byteSize;
    private final boolean floatingPoint;
    private final int alignmentRank;

    DType(int byteSize, boolean floatingPoint, int alignmentRank) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.alignmentRank = alignmentRank;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /** @return true for F64, F32, F16 and BF16 */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /**
     * The dtype's position in the official implementation's {@code Dtype} enum (safetensors
     * {@code src/tensor.rs}, "in increasing alignment order"). The official writer lays tensors out
     * by decreasing rank, then by name, so that every tensor's data is aligned to its element size.
     *
     * @return the rank; larger means written earlier
     */
    int alignmentRank() {
        return alignmentRank;
    }

    /**
     * Parses the dtype string of a safetensors header.
     *
     * @param name the header's dtype, e.g. {@code "F32"}
     * @param where file and tensor, for the message
     * @return the dtype
     * @throws CorruptFileException for a dtype this library does not read
     */
    public static DType parse(String name, String where) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        if (OTHER_FORMAT_DTYPES.contains(name)) {
            throw new CorruptFileException(where + ": dtype '" + name
                    + "' is a safetensors dtype that this library does not read (supported: F64, F32, F16, BF16,"
                    + " I64, I32, I16, I8, U8, BOOL)");
        }
        throw new CorruptFileException(where + ": unknown dtype '" + truncate(name) + "'");
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
