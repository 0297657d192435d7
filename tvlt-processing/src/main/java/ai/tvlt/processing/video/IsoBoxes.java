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
 * bytes left, or a 32-bit size of 0 or 2..7); every other box moves it at least 8 bytes on. Stateless.
 */
final class IsoBoxes {

    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;
    /** Top-level boxes JCodec reads into memory whole, allocating their declared size. */
    private static final Set<String> READ_WHOLE = Set.of("moov", "ftyp");

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
            offset += declared;
        }
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
