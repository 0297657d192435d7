package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;

/**
 * A most-significant-bit-first reader over a {@link ByteSource} range, as FLAC frames are coded, through a
 * small buffer. Reading past the end of the range fails with {@link CorruptFileException}; nothing is read
 * outside it.
 */
final class FlacBits {

    private static final int BUFFER = 1 << 16;

    private final ByteSource src;
    private final long end;
    private final byte[] buffer = new byte[BUFFER];
    private long bufferStart;
    private int bufferLength;
    private long bytePos;
    private int bitPos;
    private boolean overran;

    /**
     * @param src the file
     * @param start first byte of the range
     * @param end end of the range (exclusive)
     */
    FlacBits(ByteSource src, long start, long end) {
        this.src = src;
        this.end = end;
        this.bytePos = start;
    }

    /** @return the absolute position of the next whole byte (the current one when inside a byte) */
    long bytePosition() {
        return bytePos;
    }

    /** @return whether no whole byte is left */
    boolean atEnd() {
        return bytePos >= end;
    }

    /** @return whether a read since the last {@link #seek} went past the end of the range */
    boolean overran() {
        return overran;
    }

    /** Moves to a byte, at its first bit. */
    void seek(long position) {
        bytePos = position;
        bitPos = 0;
        overran = false;
    }

    /** Skips to the next byte boundary. */
    void alignToByte() {
        if (bitPos != 0) {
            bitPos = 0;
            bytePos++;
        }
    }

    /** @return the byte at an absolute position inside the range (no bit position change) */
    int byteAt(long position) {
        if (position >= end) {
            overran = true;
            throw new CorruptFileException(src.name() + ": the FLAC stream ends inside a frame");
        }
        if (position < bufferStart || position >= bufferStart + bufferLength) {
            bufferStart = position;
            bufferLength = (int) Math.min(BUFFER, end - position);
            src.readFully(position, buffer, 0, bufferLength);
        }
        return buffer[(int) (position - bufferStart)] & 0xFF;
    }

    /** @return one bit */
    int bit() {
        int b = (byteAt(bytePos) >>> (7 - bitPos)) & 1;
        if (++bitPos == 8) {
            bitPos = 0;
            bytePos++;
        }
        return b;
    }

    /**
     * @param n bits, 0 to 64
     * @return them as an unsigned number (the top bit of a 64-bit read lands in the sign)
     */
    long bits(int n) {
        long v = 0;
        int left = n;
        while (left > 0) {
            int available = 8 - bitPos;
            int take = Math.min(left, available);
            int current = byteAt(bytePos) & (0xFF >>> bitPos);
            v = (v << take) | (current >>> (available - take));
            left -= take;
            bitPos += take;
            if (bitPos == 8) {
                bitPos = 0;
                bytePos++;
            }
        }
        return v;
    }

    /**
     * @param n bits, 0 to 64
     * @return them as a two's complement number
     */
    long signedBits(int n) {
        if (n == 0) {
            return 0;
        }
        long v = bits(n);
        return n == 64 ? v : (v << (64 - n)) >> (64 - n);
    }

    /**
     * @param limit the most zeros accepted before the terminating one
     * @return the number of zeros before the next one bit
     */
    long unary(long limit) {
        long zeros = 0;
        while (true) {
            int rest = (byteAt(bytePos) << bitPos) & 0xFF; // the current byte's unread bits, at the top
            if (rest != 0) {
                int lead = Integer.numberOfLeadingZeros(rest) - 24;
                zeros += lead;
                bitPos += lead + 1; // the zeros and the terminating one
                if (bitPos == 8) {
                    bitPos = 0;
                    bytePos++;
                }
                break;
            }
            zeros += 8 - bitPos;
            bitPos = 0;
            bytePos++;
            if (zeros > limit) {
                break;
            }
        }
        if (zeros > limit) {
            throw new CorruptFileException(src.name() + ": a FLAC residual has an over-long unary code");
        }
        return zeros;
    }
}
