package ai.tvlt.processing.video;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.containers.mp4.AudioBoxes;
import org.jcodec.containers.mp4.Boxes;
import org.jcodec.containers.mp4.DataBoxes;
import org.jcodec.containers.mp4.DefaultBoxes;
import org.jcodec.containers.mp4.SampleBoxes;
import org.jcodec.containers.mp4.TimecodeBoxes;
import org.jcodec.containers.mp4.VideoBoxes;
import org.jcodec.containers.mp4.WaveExtBoxes;
import org.jcodec.containers.mp4.boxes.AudioSampleEntry;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.DataRefBox;
import org.jcodec.containers.mp4.boxes.KeysBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleDescriptionBox;
import org.jcodec.containers.mp4.boxes.SampleEntry;
import org.jcodec.containers.mp4.boxes.TimecodeSampleEntry;
import org.jcodec.containers.mp4.boxes.UdtaBox;
import org.jcodec.containers.mp4.boxes.UdtaMetaBox;
import org.jcodec.containers.mp4.boxes.VideoSampleEntry;
import org.jcodec.containers.mp4.boxes.WaveExtension;

/**
 * A walk over a file's top-level box headers (ISO/IEC 14496-12, section 4.2) before JCodec sees it, refusing
 * what JCodec 0.2.5 cannot survive (fuzzing findings): a box whose 64-bit size ("largesize", announced by a
 * 32-bit size of 1) is smaller than its own 16-byte header, since JCodec's MP4 format probe, which runs on every
 * file, and its top-level box reader skip ahead by the declared size minus the header and so return to the
 * same bytes forever (a 28-byte file hung the decoder); and a {@code moov} or {@code ftyp} box that runs past the
 * end of the file, since JCodec allocates such boxes at their declared size (a 1 kB file made it allocate
 * gigabytes for 50 s). The walk follows the chain as JCodec does and stops where JCodec stops (fewer than 8
 * bytes left, or a 32-bit size of 0 or 2..7); every other box moves it at least 8 bytes on.
 *
 * <p>The boxes inside {@code moov} are walked the same way, as JCodec's box parser will read them: each box type
 * is looked up in JCodec's own box tables for its context (its {@code BoxFactory} switches tables below sample
 * descriptions, sample entries, data references and wave extensions), so the walk descends exactly into the boxes
 * JCodec parses as containers, at the offset where JCodec reads their children. What JCodec would then read
 * without end or allocate beyond the file is refused first ({@link BoxContents}). With that, parsing the movie
 * box takes time and memory in proportion to its size: JCodec's parser cannot be interrupted, so the decode
 * deadline cannot stop it. Stateless.
 */
final class IsoBoxes {

    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;
    /** Top-level boxes JCodec reads into memory whole, allocating their declared size. */
    private static final Set<String> READ_WHOLE = Set.of("moov", "ftyp");
    private static final long MAX_MOVIE_BOX = 512L << 20;
    private static final int MAX_DEPTH = 32;
    /** JCodec's box tables: what class its box factories make of each box type, by context. */
    private static final Boxes DEFAULT_BOXES = new DefaultBoxes();
    private static final Boxes SAMPLE_BOXES = new SampleBoxes();
    private static final Boxes VIDEO_BOXES = new VideoBoxes();
    private static final Boxes AUDIO_BOXES = new AudioBoxes();
    private static final Boxes TIMECODE_BOXES = new TimecodeBoxes();
    private static final Boxes DATA_BOXES = new DataBoxes();
    private static final Boxes WAVE_EXT_BOXES = new WaveExtBoxes();

    private IsoBoxes() {
    }

    /**
     * @param channel the file, read from position 0; left at an unspecified position
     * @param file the file's path, for messages
     * @param deadline checked before every box inside {@code moov}
     * @throws CorruptFileException naming the box, its offset and what is wrong
     * @throws IOException when reading fails
     */
    static void check(SeekableByteChannel channel, Path file, DecodeDeadline deadline) throws IOException {
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
                        ? HEADER : LARGE_HEADER, deadline);
            }
            offset += declared;
        }
    }

    /**
     * Walks the boxes inside {@code moov} as JCodec's {@code NodeBox.parse} reads them, descending into the boxes
     * JCodec parses as containers (with the bytes it reads before their children), and refuses a box whose 64-bit
     * size is below its 16-byte header: JCodec then moves back by the difference and reads the same bytes forever,
     * adding a box each time until the heap is gone (fuzzing findings: in {@code trak}, and in a {@code tapt}
     * track aperture box, which JCodec parses as a container too), and the box contents {@link BoxContents}
     * refuses.
     */
    private static void checkMovieBox(SeekableByteChannel channel, Path file, long offset, long size, int header,
            DecodeDeadline deadline) throws IOException {
        if (size - header > MAX_MOVIE_BOX) {
            throw corrupt(file, "moov", offset, "it declares " + size + " bytes, more than the limit of "
                    + MAX_MOVIE_BOX + " for the movie header");
        }
        ByteBuffer moov = ByteBuffer.allocate((int) (size - header));
        read(channel, offset + header, moov, moov.capacity());
        moov.flip();
        walkChildren(moov, new Walk(file, channel.size(), deadline), offset + header, DEFAULT_BOXES, false, 0);
    }

    /** What every level of the walk needs: the file, for messages and bounds, and the deadline. */
    private record Walk(Path file, long fileSize, DecodeDeadline deadline) {
    }

    private static void walkChildren(ByteBuffer in, Walk walk, long base, Boxes table, boolean inUdta, int depth) {
        Path file = walk.file();
        if (depth > MAX_DEPTH) {
            throw corrupt(file, "moov", base, "its boxes are nested more than " + MAX_DEPTH + " deep");
        }
        // the loop of JCodec's NodeBox.parse, parseChildBox and Header.read
        while (in.remaining() >= HEADER) {
            walk.deadline().check();
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
            }
            long body = size - headerSize;
            if (in.remaining() < body) {
                continue;
            }
            ByteBuffer child = in.slice();
            child.limit((int) body);
            in.position(in.position() + (int) body);
            if (body >= Box.MAX_BOX_SIZE) {
                continue; // JCodec keeps such a box as an unparsed placeholder
            }
            Class<? extends Box> kind = inUdta && type.equals("meta") ? UdtaMetaBox.class : boxClass(table, type);
            String problem = BoxContents.problem(kind, child.duplicate(), walk.fileSize());
            if (problem != null) {
                throw corrupt(file, type, at, problem);
            }
            int prefix = childrenOffset(kind, child);
            if (prefix >= 0 && prefix <= child.remaining()) {
                child.position(prefix);
                walkChildren(child.slice(), walk, at + headerSize + prefix, childTable(kind, table),
                        kind == UdtaBox.class, depth + 1);
            }
        }
    }

    /** The class JCodec's box factory for {@code table} makes of a box type (a leaf when it knows none). */
    static Class<? extends Box> boxClass(Boxes table, String type) {
        Class<? extends Box> kind = table.toClass(type);
        return kind == null ? Box.LeafBox.class : kind;
    }

    /** The table JCodec's {@code BoxFactory} gives the children of a box of this class. */
    static Boxes childTable(Class<? extends Box> kind, Boxes table) {
        if (SampleDescriptionBox.class.isAssignableFrom(kind)) {
            return SAMPLE_BOXES;
        }
        if (VideoSampleEntry.class.isAssignableFrom(kind)) {
            return VIDEO_BOXES;
        }
        if (AudioSampleEntry.class.isAssignableFrom(kind)) {
            return AUDIO_BOXES;
        }
        if (TimecodeSampleEntry.class.isAssignableFrom(kind)) {
            return TIMECODE_BOXES;
        }
        if (DataRefBox.class.isAssignableFrom(kind)) {
            return DATA_BOXES;
        }
        if (WaveExtension.class.isAssignableFrom(kind)) {
            return WAVE_EXT_BOXES;
        }
        return table;
    }

    /**
     * Where JCodec starts reading the children of a box of this class, or -1 when it reads none (not a
     * {@code NodeBox}, a sample entry without extensions, or a body too short for its fixed fields).
     */
    static int childrenOffset(Class<? extends Box> kind, ByteBuffer body) {
        if (!NodeBox.class.isAssignableFrom(kind)) {
            return -1;
        }
        if (kind == SampleDescriptionBox.class || kind == DataRefBox.class || kind == KeysBox.class) {
            return 8; // version and flags, entry count
        }
        if (kind == UdtaMetaBox.class) {
            return 4; // version and flags
        }
        if (kind == VideoSampleEntry.class) {
            return 78; // sample entry (8) and visual sample entry fields (70)
        }
        if (kind == AudioSampleEntry.class) {
            if (body.remaining() < 10) {
                return -1;
            }
            int version = body.getShort(8);
            return version == 1 ? 44 : version == 2 ? 64 : 28; // QuickTime sound description versions
        }
        if (SampleEntry.class.isAssignableFrom(kind)) {
            return -1; // SampleEntry and TimecodeSampleEntry read their fields only
        }
        return 0;
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
