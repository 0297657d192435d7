package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A bounded random-access view of a file or byte array: every read is checked against {@link #size()}, so
 * a header that lies about sizes produces a {@link CorruptFileException}, never a read past the end.
 */
abstract class ByteSource {

    private final String name;

    ByteSource(String name) {
        this.name = name;
    }

    /** @return the source's name for messages (file path or "in-memory audio") */
    final String name() {
        return name;
    }

    /** @return the total number of bytes */
    abstract long size();

    /**
     * Reads exactly {@code length} bytes at {@code position}.
     *
     * @throws CorruptFileException when the range is not inside the source or the read fails
     */
    final void readFully(long position, byte[] dst, int offset, int length) {
        if (position < 0 || length < 0 || position > size() - length) {
            throw new CorruptFileException(name + ": truncated: " + length + " bytes needed at offset " + position
                    + ", the file has " + size());
        }
        try {
            read(position, dst, offset, length);
        } catch (IOException e) {
            throw new CorruptFileException(name + ": cannot read " + length + " bytes at offset " + position + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads a range already checked to lie inside the source. */
    abstract void read(long position, byte[] dst, int offset, int length) throws IOException;

    /**
     * @param from first byte
     * @param to end of the range (exclusive), at most {@link #size()}
     * @return a stream over [from, to) that reads through this source (not buffered)
     */
    final java.io.InputStream stream(long from, long to) {
        return new java.io.InputStream() {
            private long at = from;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] dst, int offset, int length) {
                if (at >= to) {
                    return -1;
                }
                int n = (int) Math.min(length, to - at);
                readFully(at, dst, offset, n);
                at += n;
                return n;
            }
        };
    }

    /** A byte array. */
    static ByteSource of(byte[] bytes, String name) {
        return new ByteSource(name) {
            @Override
            long size() {
                return bytes.length;
            }

            @Override
            void read(long position, byte[] dst, int offset, int length) {
                System.arraycopy(bytes, (int) position, dst, offset, length);
            }
        };
    }

    /** An open file channel (not closed by the source). */
    static ByteSource of(FileChannel channel, long size, String name) {
        return new ByteSource(name) {
            @Override
            long size() {
                return size;
            }

            @Override
            void read(long position, byte[] dst, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(dst, offset, length);
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new IOException("unexpected end of file");
                    }
                    at += n;
                }
            }
        };
    }
}
