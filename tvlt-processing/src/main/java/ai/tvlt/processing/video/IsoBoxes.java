package ai.tvlt.processing.video;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.jcodec.common.io.SeekableByteChannel;

/**
 * A walk over a file's top-level box headers (ISO/IEC 14496-12, section 4.2) before JCodec sees it, refusing
 * what JCodec 0.2.5 cannot survive (fuzzing findings): a box whose 64-bit size ("largesize", announced by a
 * 32-bit size of 1) is smaller than its own 16-byte header, since JCodec's MP4 format probe, which runs on every
 * file, and its top-level box reader skip ahead by the declared size minus the header and so return to the
 * same bytes forever (a 28-byte file hung the decoder); and a {@code moov} or {@code ftyp} box that runs past the
 * end of the file, since JCodec allocates such boxes at their declared size (a 1 kB file made it allocate
 * gigabytes for 50 s). The walk follows the chain as JCodec does and stops where JCodec stops (fewer than 8
 * bytes left, or a 32-bit size of 0 or 2..7); every other box moves it at least 8 bytes on. The boxes inside
 * {@code moov} are walked the same way, as JCodec's box parser reads them. Stateless.
 */
final class IsoBoxes {

    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;
    /** Top-level boxes JCodec reads into memory whole, allocating their declared size. */
    private static final Set<String> READ_WHOLE = Set.of("moov", "ftyp");
    private static final long MAX_MOVIE_BOX = 512L << 20;
    private static final int MAX_DEPTH = 32;
    /** Boxes JCodec 0.2.5 parses as plain containers (its DefaultBoxes, WaveExtBoxes and box classes). */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "edts", "mdia", "minf", "dinf", "stbl",
            "mvex", "moof", "traf", "mfra", "skip", "ipro", "sinf", "meta", "udta", "wave");
    /** Containers whose children follow 8 bytes (stsd, dref, keys). */
    private static final Set<String> COUNTED_CONTAINERS = Set.of("stsd", "dref", "keys");
    /** JCodec's video sample entries (its SampleBoxes). */
    private static final Set<String> VIDEO_ENTRIES = Set.of("ap4h", "apch", "apcn", "apcs", "apco", "avc1", "cvid",
            "jpeg", "smc ", "rle ", "rpza", "kpcd", "png ", "mjpa", "mjpb", "SVQ1", "SVQ3", "mp4v", "dvc ", "dvcp",
            "gif ", "h263", "tiff", "2vuY", "yuv2", "v308", "v408", "v216", "v410", "v210", "m2v1", "m1v1", "xd5b",
            "dv5n", "jp2h", "mjp2");
    /** JCodec's audio sample entries (its SampleBoxes). */
    private static final Set<String> AUDIO_ENTRIES = Set.of("ac-3", "cac3", "ima4", "aac ", "celp", "hvxc", "twvq",
            ".mp1", ".mp2", "midi", "apvs", "alac", "aach", "aacl", "aace", "aacf", "aacp", "aacs", "samr", "AUDB",
            "ilbc", "aes3", "NONE", "raw ", "twos", "sowt", "MAC3", "MAC6", "fl32", "fl64", "in24", "in32", "ulaw",
            "alaw", "dvca", "QDMC", "QDM2", "Qclp", ".mp3", "mp4a", "lpcm");

    private IsoBoxes() {
    }

    /**
     * @param channel the file, read from position 0; left at an unspecified position
     * @param file the file's path, for messages
     * @throws CorruptFileException naming the box and its offset when its 64-bit size is below 16
     * @throws IOException when reading fails
     */
    static void check(SeekableByteChannel channel, Path file) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(LARGE_HEADER);
        long offset = 0;
        while (size - offset >= HEADER) {
            read(channel, offset, header, HEADER);
            long declared = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
            if (declared == 1) {
                if (size - offset < LARGE_HEADER) {
                    return;
                }
                read(channel, offset, header, LARGE_HEADER);
                declared = header.getLong(HEADER);
                if (declared < LARGE_HEADER) {
                    throw corrupt(file, type, offset, "its 64-bit size " + declared + " is less than its 16-byte"
                            + " header");
                }
            } else if (declared < HEADER) {
                return;
            }
            if (declared > size - offset) {
                if (READ_WHOLE.contains(type)) {
                    throw corrupt(file, type, offset, "it declares " + declared + " bytes but only " + (size - offset)
                            + " remain: the file is truncated");
                }
                return;
            }
            if (type.equals("moov")) {
                checkMovieBox(channel, file, offset, declared, declared == Integer.toUnsignedLong(header.getInt(0))
                        ? HEADER : LARGE_HEADER);
            }
            offset += declared;
        }
    }

    /**
     * Walks the boxes inside {@code moov} as JCodec's {@code NodeBox.parse} reads them, descending into the boxes
     * JCodec parses as containers (with the bytes it reads before their children), and refuses a box whose 64-bit
     * size is below its 16-byte header: JCodec then moves back by the difference and reads the same bytes forever,
     * adding a box each time until the heap is gone (a fuzzing finding).
     */
    private static void checkMovieBox(SeekableByteChannel channel, Path file, long offset, long size, int header)
            throws IOException {
        if (size - header > MAX_MOVIE_BOX) {
            throw corrupt(file, "moov", offset, "it declares " + size + " bytes, more than the limit of "
                    + MAX_MOVIE_BOX + " for the movie header");
        }
        ByteBuffer moov = ByteBuffer.allocate((int) (size - header));
        read(channel, offset + header, moov, moov.capacity());
        moov.flip();
        walkChildren(moov, file, offset + header, "moov", 0);
    }

    private static void walkChildren(ByteBuffer in, Path file, long base, String parent, int depth) {
        if (depth > MAX_DEPTH) {
            throw corrupt(file, "moov", base, "its boxes are nested more than " + MAX_DEPTH + " deep");
        }
        // the loop of JCodec's NodeBox.parse, parseChildBox and Header.read
        while (in.remaining() >= HEADER) {
            while (in.remaining() >= 4 && in.getInt(in.position()) == 0) {
                in.position(in.position() + 4);
            }
            if (in.remaining() < 4) {
                return;
            }
            long at = base + in.position();
            long size = Integer.toUnsignedLong(in.getInt());
            if (in.remaining() < 4 || size < HEADER && size != 1) {
                continue;
            }
            byte[] fourcc = new byte[4];
            in.get(fourcc);
            String type = new String(fourcc, StandardCharsets.ISO_8859_1);
            int headerSize = HEADER;
            if (size == 1) {
                if (in.remaining() < 8) {
                    continue;
                }
                size = in.getLong();
                headerSize = LARGE_HEADER;
                if (size < LARGE_HEADER) {
                    throw corrupt(file, type, at, "its 64-bit size " + size + " is less than its 16-byte header");
                }
            } else if (size > 0xFFFFFFFFL) {
                headerSize = LARGE_HEADER;
            }
            long body = size - headerSize;
            if (in.remaining() < body) {
                continue;
            }
            ByteBuffer child = in.slice();
            child.limit((int) body);
            in.position(in.position() + (int) body);
            if (type.equals("ilst")) {
                walkItemList(child, file, at);
                continue;
            }
            int prefix = childrenOffset(type, parent, child);
            if (prefix >= 0 && prefix <= child.remaining()) {
                child.position(prefix);
                walkChildren(child.slice(), file, at + headerSize + prefix, type, depth + 1);
            }
        }
    }

    /**
     * The metadata item list as JCodec's {@code IListBox.parse} reads it: items of a 32-bit size, an index and
     * boxes. Its inner loop never ends when 1 to 3 bytes are left after an item's boxes (the header reader then
     * consumes nothing), and a size below 8 moves it backwards (a fuzzing finding).
     */
    private static void walkItemList(ByteBuffer in, Path file, long at) {
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size < 8 || size - 4 > in.remaining()) {
                throw corrupt(file, "ilst", at, "an item declares " + size + " bytes");
            }
            ByteBuffer local = in.slice();
            local.limit(size - 4);
            in.position(in.position() + size - 4);
            local.getInt();
            while (local.hasRemaining()) {
                while (local.remaining() >= 4 && local.getInt(local.position()) == 0) {
                    local.position(local.position() + 4);
                }
                if (local.remaining() == 0) {
                    break;
                }
                if (local.remaining() < 8) {
                    throw corrupt(file, "ilst", at, "an item ends with " + local.remaining() + " stray bytes");
                }
                long boxSize = Integer.toUnsignedLong(local.getInt());
                if (boxSize < HEADER && boxSize != 1) {
                    continue;
                }
                local.getInt();
                int headerSize = HEADER;
                if (boxSize == 1) {
                    if (local.remaining() < 8) {
                        throw corrupt(file, "ilst", at, "an item ends inside a box header");
                    }
                    boxSize = local.getLong();
                    headerSize = LARGE_HEADER;
                }
                long body = boxSize - headerSize;
                if (body < 0) {
                    throw corrupt(file, "ilst", at, "an item holds a box whose size is less than its header");
                }
                if (local.remaining() >= body) {
                    local.position(local.position() + (int) body);
                }
            }
        }
    }

    /** Where JCodec starts reading a box's children, or -1 when it reads none. */
    private static int childrenOffset(String type, String parent, ByteBuffer body) {
        if (type.equals("meta") && parent.equals("udta")) {
            return 4; // JCodec's UdtaMetaBox skips version and flags
        }
        if (CONTAINERS.contains(type)) {
            return 0;
        }
        if (COUNTED_CONTAINERS.contains(type)) {
            return 8; // version and flags, entry count
        }
        if (VIDEO_ENTRIES.contains(type)) {
            return 78; // sample entry (8) and visual sample entry fields (70)
        }
        if (AUDIO_ENTRIES.contains(type) && body.remaining() >= 10) {
            int version = body.getShort(8);
            return version == 1 ? 44 : version == 2 ? 64 : 28; // QuickTime sound description versions
        }
        return -1;
    }

    private static CorruptFileException corrupt(Path file, String type, long offset, String problem) {
        return new CorruptFileException("video file " + file + " has a malformed MP4 box '"
                + type.replaceAll("[^ -~]", "?") + "' at byte " + offset + ": " + problem);
    }

    private static void read(SeekableByteChannel channel, long position, ByteBuffer dst, int length)
            throws IOException {
        dst.clear().limit(length);
        channel.setPosition(position);
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + dst.position()));
            }
        }
    }
}
