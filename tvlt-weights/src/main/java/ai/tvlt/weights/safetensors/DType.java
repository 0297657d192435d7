package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;

/** Element types of the safetensors format, with their size in bytes. */
public enum DType {
    /** IEEE 754 double. */
    F64(8, true),
    /** IEEE 754 single. */
    F32(4, true),
    /** IEEE 754 half. */
    F16(2, true),
    /** bfloat16: the upper half of a float32. */
    BF16(2, true),
    /** signed 64-bit integer. */
    I64(8, false),
    /** signed 32-bit integer. */
    I32(4, false),
    /** signed 16-bit integer. */
    I16(2, false),
    /** signed 8-bit integer. */
    I8(1, false),
    /** unsigned 8-bit integer. */
    U8(1, false),
    /** boolean, one byte, 0 or 1. */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floatingPoint;

    DType(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
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
        throw new CorruptFileException(where + ": unknown or unsupported dtype '" + name + "'");
    }
}
