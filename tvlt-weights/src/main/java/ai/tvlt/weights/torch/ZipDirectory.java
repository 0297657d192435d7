package ai.tvlt.weights.torch;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file, read with explicit bounds instead of {@link java.util.zip.ZipFile}
 * so that every entry's data span is known (for memory-mapping STORED entries in place) and every
 * offset and size is checked against the file before it is used. ZIP64 records are supported, since
 * {@code torch.save} writes them for checkpoints over 4 GB.
 *
 * <p>Limits: a central directory of at most {@link #MAX_DIRECTORY_BYTES}; no multi-disk archives; no
 * encryption. Everything else that does not fit the file is a {@link CorruptFileException}.
 */
final class ZipDirectory {

    /** Largest central directory read (a checkpoint with 100k tensors needs about 10 MB). */
    static final long MAX_DIRECTORY_BYTES = 64L << 20;

    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int EOCD_SIZE = 22;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int ZIP64_EOCD_SIZE = 56;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int CENTRAL_SIZE = 46;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int LOCAL_SIZE = 30;
    private static final int ZIP64_EXTRA_ID = 0x0001;
    private static final int MAX_COMMENT = 0xFFFF;

    /**
     * One entry of the archive with the location of its data.
     *
     * @param name entry name
     * @param method compression method ({@link #METHOD_STORED}, {@link #METHOD_DEFLATED}, ...)
     * @param compressedSize bytes of data in the file
     * @param size bytes after decompression
     * @param dataOffset where the entry's data starts in the file
     */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    private final Map<String, Entry> entries;

    private ZipDirectory(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** @return the entries by name, in directory order */
    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Reads and validates the central directory and the local header of every entry.
     *
     * @param channel the open file
     * @param where the file's name, for messages
     * @return the directory
     * @throws CorruptFileException when the file is not a well-formed zip
     * @throws IOException when reading fails
     */
    static ZipDirectory read(FileChannel channel, String where) throws IOException {
        long fileSize = channel.size();
        long eocd = findEndOfCentralDirectory(channel, fileSize, where);
        ByteBuffer end = readAt(channel, eocd, EOCD_SIZE, where);
        long count = Short.toUnsignedInt(end.getShort(10));
        long directorySize = Integer.toUnsignedLong(end.getInt(12));
        long directoryOffset = Integer.toUnsignedLong(end.getInt(16));
        if (Short.toUnsignedInt(end.getShort(4)) != 0 || Short.toUnsignedInt(end.getShort(6)) != 0) {
            throw corrupt(where, "multi-disk zip archives are not supported");
        }
        long directoryEnd = eocd;
        if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            long[] zip64 = readZip64End(channel, eocd, where);
            count = zip64[0];
            directorySize = zip64[1];
            directoryOffset = zip64[2];
            directoryEnd = zip64[3];
        }
        if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset > directoryEnd
                || directorySize > directoryEnd - directoryOffset) {
            throw corrupt(where, "central directory (offset " + directoryOffset + ", " + directorySize
                    + " bytes) does not fit the file of " + fileSize + " bytes");
        }
        if (count > directorySize / CENTRAL_SIZE) {
            throw corrupt(where, "central directory claims " + count + " entries in " + directorySize + " bytes");
        }
        ByteBuffer dir = readAt(channel, directoryOffset, (int) directorySize, where);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int pos = 0;
        for (long i = 0; i < count; i++) {
            CentralRecord rec = parseCentralRecord(dir, pos, where);
            pos = rec.next();
            Entry entry = locateData(channel, rec, directoryOffset, where);
            if (entries.put(entry.name(), entry) != null) {
                throw corrupt(where, "duplicate zip entry '" + entry.name() + "'");
            }
        }
        return new ZipDirectory(Collections.unmodifiableMap(entries));
    }

    private record CentralRecord(String name, int method, int flags, long compressedSize, long size,
                                 long localOffset, int next) {
    }

    private static CentralRecord parseCentralRecord(ByteBuffer dir, int pos, String where) {
        if (dir.limit() - pos < CENTRAL_SIZE || dir.getInt(pos) != CENTRAL_SIGNATURE) {
            throw corrupt(where, "central directory entry at +" + pos + " is truncated or has a bad signature");
        }
        int flags = Short.toUnsignedInt(dir.getShort(pos + 8));
        int method = Short.toUnsignedInt(dir.getShort(pos + 10));
        long compressed = Integer.toUnsignedLong(dir.getInt(pos + 20));
        long size = Integer.toUnsignedLong(dir.getInt(pos + 24));
        int nameLength = Short.toUnsignedInt(dir.getShort(pos + 28));
        int extraLength = Short.toUnsignedInt(dir.getShort(pos + 30));
        int commentLength = Short.toUnsignedInt(dir.getShort(pos + 32));
        long localOffset = Integer.toUnsignedLong(dir.getInt(pos + 42));
        int nameStart = pos + CENTRAL_SIZE;
        long next = (long) nameStart + nameLength + extraLength + commentLength;
        if (next > dir.limit()) {
            throw corrupt(where, "central directory entry at +" + pos + " runs past the directory");
        }
        byte[] nameBytes = new byte[nameLength];
        dir.get(nameStart, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        if ((flags & 1) != 0) {
            throw corrupt(where, "zip entry '" + name + "' is encrypted");
        }
        if (compressed == 0xFFFFFFFFL || size == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
            long[] z = readZip64Extra(dir, nameStart + nameLength, extraLength,
                    size == 0xFFFFFFFFL, compressed == 0xFFFFFFFFL, localOffset == 0xFFFFFFFFL, name, where);
            size = z[0] >= 0 ? z[0] : size;
            compressed = z[1] >= 0 ? z[1] : compressed;
            localOffset = z[2] >= 0 ? z[2] : localOffset;
        }
        return new CentralRecord(name, method, flags, compressed, size, localOffset, (int) next);
    }

    /** Reads the ZIP64 extended-information field: only the fields whose 32-bit value overflowed are present. */
    private static long[] readZip64Extra(ByteBuffer dir, int start, int length, boolean wantSize,
                                         boolean wantCompressed, boolean wantOffset, String name, String where) {
        int pos = start;
        int end = start + length;
        while (end - pos >= 4) {
            int id = Short.toUnsignedInt(dir.getShort(pos));
            int len = Short.toUnsignedInt(dir.getShort(pos + 2));
            if (pos + 4 + len > end) {
                break;
            }
            if (id == ZIP64_EXTRA_ID) {
                long[] out = {-1, -1, -1};
                int p = pos + 4;
                int needed = (wantSize ? 8 : 0) + (wantCompressed ? 8 : 0) + (wantOffset ? 8 : 0);
                if (len < needed) {
                    break;
                }
                if (wantSize) {
                    out[0] = dir.getLong(p);
                    p += 8;
                }
                if (wantCompressed) {
                    out[1] = dir.getLong(p);
                    p += 8;
                }
                if (wantOffset) {
                    out[2] = dir.getLong(p);
                }
                for (long v : out) {
                    if (v < -1) {
                        throw corrupt(where, "zip entry '" + name + "' has a negative ZIP64 size or offset");
                    }
                }
                return out;
            }
            pos += 4 + len;
        }
        throw corrupt(where, "zip entry '" + name + "' needs a ZIP64 extra field but has none");
    }

    private static Entry locateData(FileChannel channel, CentralRecord rec, long directoryOffset, String where)
            throws IOException {
        if (rec.localOffset() > directoryOffset - LOCAL_SIZE) {
            throw corrupt(where, "zip entry '" + rec.name() + "' starts at " + rec.localOffset()
                    + ", outside the data area");
        }
        ByteBuffer local = readAt(channel, rec.localOffset(), LOCAL_SIZE, where);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw corrupt(where, "zip entry '" + rec.name() + "' has no local header at " + rec.localOffset());
        }
        int nameLength = Short.toUnsignedInt(local.getShort(26));
        int extraLength = Short.toUnsignedInt(local.getShort(28));
        long dataOffset = rec.localOffset() + LOCAL_SIZE + nameLength + extraLength;
        if (dataOffset > directoryOffset || rec.compressedSize() > directoryOffset - dataOffset) {
            throw corrupt(where, "zip entry '" + rec.name() + "' (" + rec.compressedSize() + " bytes at "
                    + dataOffset + ") runs past the data area");
        }
        if (rec.method() == METHOD_STORED && rec.compressedSize() != rec.size()) {
            throw corrupt(where, "stored zip entry '" + rec.name() + "' has size " + rec.size()
                    + " but " + rec.compressedSize() + " bytes of data");
        }
        return new Entry(rec.name(), rec.method(), rec.compressedSize(), rec.size(), dataOffset);
    }

    private static long findEndOfCentralDirectory(FileChannel channel, long fileSize, String where)
            throws IOException {
        if (fileSize < EOCD_SIZE) {
            throw corrupt(where, "file is " + fileSize + " bytes, too short for a zip archive");
        }
        int window = (int) Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
        long windowStart = fileSize - window;
        ByteBuffer tail = readAt(channel, windowStart, window, where);
        for (int pos = window - EOCD_SIZE; pos >= 0; pos--) {
            if (tail.getInt(pos) == EOCD_SIGNATURE
                    && pos + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(pos + 20)) == window) {
                return windowStart + pos;
            }
        }
        throw corrupt(where, "no zip end-of-central-directory record: the file is truncated or not a zip archive");
    }

    /** @return {entry count, directory size, directory offset, where the directory must end} */
    private static long[] readZip64End(FileChannel channel, long eocd, String where) throws IOException {
        if (eocd < ZIP64_LOCATOR_SIZE) {
            throw corrupt(where, "ZIP64 archive without a ZIP64 locator");
        }
        ByteBuffer locator = readAt(channel, eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE, where);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            throw corrupt(where, "ZIP64 archive without a ZIP64 locator");
        }
        long recordOffset = locator.getLong(8);
        if (recordOffset < 0 || recordOffset > eocd - ZIP64_LOCATOR_SIZE - ZIP64_EOCD_SIZE) {
            throw corrupt(where, "ZIP64 end record offset " + recordOffset + " is outside the file");
        }
        ByteBuffer record = readAt(channel, recordOffset, ZIP64_EOCD_SIZE, where);
        if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
            throw corrupt(where, "bad ZIP64 end-of-central-directory signature at " + recordOffset);
        }
        long count = record.getLong(32);
        long size = record.getLong(40);
        long offset = record.getLong(48);
        if (count < 0 || size < 0 || offset < 0) {
            throw corrupt(where, "ZIP64 end record has negative counts or offsets");
        }
        return new long[] {count, size, offset, recordOffset};
    }

    /** Reads exactly {@code length} bytes at {@code position}, failing on a short file. */
    static ByteBuffer readAt(FileChannel channel, long position, int length, String where) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long pos = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                throw corrupt(where, "unexpected end of file at byte " + pos);
            }
            pos += n;
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static CorruptFileException corrupt(String where, String what) {
        return new CorruptFileException(where + ": " + what);
    }
}
