package ai.tvlt.processing.video;

import java.nio.ByteBuffer;
import org.jcodec.containers.mp4.boxes.AliasBox;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.ChannelBox;
import org.jcodec.containers.mp4.boxes.ChunkOffsets64Box;
import org.jcodec.containers.mp4.boxes.ChunkOffsetsBox;
import org.jcodec.containers.mp4.boxes.CompositionOffsetsBox;
import org.jcodec.containers.mp4.boxes.IListBox;
import org.jcodec.containers.mp4.boxes.SampleSizesBox;
import org.jcodec.containers.mp4.boxes.SampleToChunkBox;
import org.jcodec.containers.mp4.boxes.SyncSamplesBox;
import org.jcodec.containers.mp4.boxes.TimeToSampleBox;
import org.jcodec.containers.mp4.boxes.TrunBox;

/**
 * The contents of single boxes inside {@code moov} that JCodec 0.2.5 would read without end or allocate beyond
 * the file, found before JCodec parses them (fuzzing findings):
 * <ul>
 *   <li>tables whose entry count is larger than their box could hold: JCodec allocates the whole table from the
 *       count before reading any entry (a {@code stts} box of 24 bytes claiming 822 million entries);</li>
 *   <li>a sample-to-chunk entry putting more samples in one chunk than the file has bytes: JCodec's timecode
 *       track allocates 4 bytes per such sample;</li>
 *   <li>a Mac alias record ({@code alis}) with an extra field of negative length, which JCodec's reader steps
 *       back over and re-reads forever;</li>
 *   <li>a metadata item list ({@code ilst}) with stray bytes after an item's boxes, or an item below 8 bytes,
 *       which JCodec re-reads forever.</li>
 * </ul>
 * Stateless.
 */
final class BoxContents {

    /** Bytes JCodec's {@code AliasBox} reads before the extra fields: full box header and fixed record. */
    private static final int ALIAS_EXTRAS = 4 + 150;
    private static final int TRUN_PER_SAMPLE_FIELDS = 0xF00;
    private static final int TRUN_DATA_OFFSET = 0x1;
    private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x4;

    private BoxContents() {
    }

    /**
     * @param kind the class JCodec parses the box as
     * @param body the box's body (read from its position; moved)
     * @param fileSize the file's length
     * @return what is wrong with the box, for a message, or null when JCodec can parse it within bounds
     */
    static String problem(Class<? extends Box> kind, ByteBuffer body, long fileSize) {
        if (kind == TimeToSampleBox.class || kind == CompositionOffsetsBox.class) {
            return table(body, 4, 8);
        }
        if (SyncSamplesBox.class.isAssignableFrom(kind) || kind == ChunkOffsetsBox.class) {
            return table(body, 4, 4);
        }
        if (kind == ChunkOffsets64Box.class) {
            return table(body, 4, 8);
        }
        if (kind == SampleToChunkBox.class) {
            String problem = table(body, 4, 12);
            return problem != null ? problem : samplesPerChunk(body, fileSize);
        }
        if (kind == SampleSizesBox.class) {
            return body.remaining() >= 12 && body.getInt(4) == 0 ? table(body, 8, 4) : null;
        }
        if (kind == ChannelBox.class) {
            return table(body, 12, 20);
        }
        if (kind == TrunBox.class) {
            return trackRun(body);
        }
        if (kind == AliasBox.class) {
            return aliasExtras(body);
        }
        if (kind == IListBox.class) {
            return itemList(body);
        }
        return null;
    }

    /** A table whose 32-bit entry count is at {@code countAt}, its entries right after it. */
    private static String table(ByteBuffer body, int countAt, int entryBytes) {
        if (body.remaining() < countAt + 4) {
            return null; // JCodec fails reading the count
        }
        long count = Integer.toUnsignedLong(body.getInt(countAt));
        long room = body.remaining() - countAt - 4;
        if (count * entryBytes > room) {
            return "its table claims " + count + " entries of " + entryBytes + " bytes, but the box holds " + room
                    + " bytes of entries";
        }
        return null;
    }

    /** Sample-to-chunk entries: first chunk, samples per chunk, sample description index. */
    private static String samplesPerChunk(ByteBuffer body, long fileSize) {
        long count = Integer.toUnsignedLong(body.getInt(4));
        for (int i = 0; i < count; i++) {
            long samples = Integer.toUnsignedLong(body.getInt(8 + 12 * i + 4));
            if (samples > fileSize) {
                return "entry " + i + " puts " + samples + " samples in one chunk, more than the file's " + fileSize
                        + " bytes could hold";
            }
        }
        return null;
    }

    /** A track fragment run: JCodec allocates one array per per-sample field from the sample count. */
    private static String trackRun(ByteBuffer body) {
        if (body.remaining() < 8) {
            return null;
        }
        int flags = body.getInt(0) & 0xFFFFFF;
        int perSample = 4 * Integer.bitCount(flags & TRUN_PER_SAMPLE_FIELDS);
        if (perSample == 0) {
            return null;
        }
        int entriesAt = 8 + ((flags & TRUN_DATA_OFFSET) != 0 ? 4 : 0) + ((flags & TRUN_FIRST_SAMPLE_FLAGS) != 0 ? 4 : 0);
        if (body.remaining() < entriesAt) {
            return null;
        }
        long count = Integer.toUnsignedLong(body.getInt(4));
        long room = body.remaining() - entriesAt;
        if (count * perSample > room) {
            return "its run claims " + count + " samples of " + perSample + " bytes, but the box holds " + room
                    + " bytes of samples";
        }
        return null;
    }

    /** The extra fields of a Mac alias record, read as JCodec's {@code AliasBox.parse} reads them. */
    private static String aliasExtras(ByteBuffer body) {
        if (body.remaining() < 4 || (body.getInt(0) & 1) != 0 || body.remaining() < ALIAS_EXTRAS) {
            return null; // a self reference (flag 1) has no record; a short one fails in JCodec
        }
        body.position(ALIAS_EXTRAS);
        while (body.remaining() >= 4) {
            short type = body.getShort();
            if (type == -1) {
                return null;
            }
            int length = body.getShort();
            int skip = (length + 1) & 0xfffffffe;
            if (skip < 0) {
                return "its alias record has an extra field of length " + length;
            }
            if (skip > body.remaining()) {
                return null;
            }
            body.position(body.position() + skip);
        }
        return null;
    }

    /**
     * The metadata item list as JCodec's {@code IListBox.parse} reads it: items of a 32-bit size, an index and
     * boxes. Its inner loop never ends when 1 to 3 bytes are left after an item's boxes (the header reader then
     * consumes nothing), and a size below 8 moves it backwards.
     */
    private static String itemList(ByteBuffer in) {
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size < 8 || size - 4 > in.remaining()) {
                return "an item declares " + size + " bytes";
            }
            ByteBuffer local = in.slice();
            local.limit(size - 4);
            in.position(in.position() + size - 4);
            local.getInt();
            String problem = itemBoxes(local);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String itemBoxes(ByteBuffer local) {
        while (local.hasRemaining()) {
            while (local.remaining() >= 4 && local.getInt(local.position()) == 0) {
                local.position(local.position() + 4);
            }
            if (local.remaining() == 0) {
                return null;
            }
            if (local.remaining() < 8) {
                return "an item ends with " + local.remaining() + " stray bytes";
            }
            long boxSize = Integer.toUnsignedLong(local.getInt());
            if (boxSize < 8 && boxSize != 1) {
                continue;
            }
            local.getInt();
            int headerSize = 8;
            if (boxSize == 1) {
                if (local.remaining() < 8) {
                    return "an item ends inside a box header";
                }
                boxSize = local.getLong();
                headerSize = 16;
            }
            long body = boxSize - headerSize;
            if (body < 0) {
                return "an item holds a box whose size is less than its header";
            }
            if (local.remaining() >= body) {
                local.position(local.position() + (int) body);
            }
        }
        return null;
    }
}
