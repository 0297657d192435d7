package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import java.nio.charset.StandardCharsets;

/**
 * One box of an ISO base media file (MP4, MOV, M4A; ISO/IEC 14496-12 section 4.2), located by a bounded walk:
 * a child never extends past its parent, a size of 0 means "to the end of the parent", a 32-bit size of 1
 * announces a 64-bit size, and any other size below the header is an error. Reads go through a
 * {@link ByteSource}, so nothing is read outside the file.
 *
 * @param type the four-character type
 * @param start offset of the box header
 * @param body offset of the first byte after the header
 * @param end offset just past the box
 */
record Mp4Box(String type, long start, long body, long end) {

    /** Boxes of one level visited at most: a box has at least 8 bytes, this only stops degenerate chains early. */
    private static final int MAX_SIBLINGS = 1 << 20;

    /** @return the body's size in bytes */
    long bodySize() {
        return end - body;
    }

    /**
     * Finds the first child of the given type (any type when null) within [from, to).
     *
     * @return the box, or null when there is none
     * @throws CorruptFileException when a box header is malformed or runs past its parent
     */
    static Mp4Box find(ByteSource src, long from, long to, String type) {
        byte[] header = new byte[16];
        long offset = from;
        for (int visited = 0; to - offset >= 8 && visited < MAX_SIBLINGS; visited++) {
            src.readFully(offset, header, 0, 8);
            long size = u32(header, 0);
            String name = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            long body = offset + 8;
            if (size == 1) {
                if (to - offset < 16) {
                    throw malformed(src, name, offset, "its 64-bit size does not fit its parent");
                }
                src.readFully(offset + 8, header, 8, 8);
                size = s64(header, 8);
                body = offset + 16;
            } else if (size == 0) {
                size = to - offset;
            }
            if (size < body - offset || size > to - offset) {
                throw malformed(src, name, offset, "it declares " + size + " bytes where " + (to - offset)
                        + " remain in its parent");
            }
            if (type == null || name.equals(type)) {
                return new Mp4Box(name, offset, body, offset + size);
            }
            offset += size;
        }
        return null;
    }

    /** @return the first child of this box with the given type, or null */
    Mp4Box child(ByteSource src, String childType) {
        return find(src, body, end, childType);
    }

    /** @return the child at the given path of types ("mdia", "minf", "stbl"), or null when one is missing */
    Mp4Box path(ByteSource src, String... types) {
        Mp4Box box = this;
        for (String t : types) {
            box = box.child(src, t);
            if (box == null) {
                return null;
            }
        }
        return box;
    }

    /**
     * Reads the body, or its first {@code limit} bytes.
     *
     * @throws CorruptFileException when the body is shorter than {@code minimum}
     */
    byte[] read(ByteSource src, int minimum, int limit) {
        if (bodySize() < minimum) {
            throw malformed(src, type, start, "its body has " + bodySize() + " bytes, at least " + minimum
                    + " needed");
        }
        byte[] b = new byte[(int) Math.min(bodySize(), limit)];
        src.readFully(body, b, 0, b.length);
        return b;
    }

    static CorruptFileException malformed(ByteSource src, String type, long offset, String problem) {
        return new CorruptFileException(src.name() + " has a malformed MP4 box '" + WavDecoder.printable(type)
                + "' at byte " + offset + ": " + problem);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long s64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }
}
