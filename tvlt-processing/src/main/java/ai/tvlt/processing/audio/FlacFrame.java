package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;

/**
 * One FLAC audio frame, decoded as the FLAC format specification (RFC 9639) defines it: the frame header
 * with its CRC-8, one subframe per channel (constant, verbatim, fixed or LPC prediction with Rice-coded
 * residuals, escape-coded partitions and wasted bits), the inter-channel decorrelation (left/side,
 * side/right, mid/side) and the CRC-16 of the whole frame.
 *
 * <p>Written here instead of using jFLAC 1.5.2, which printed a line to standard output for every
 * escape-coded residual partition (a data channel for the command-line tool), looped forever on a stream
 * ending inside a frame header and allocated metadata blocks at their declared sizes. FLAC is lossless, so
 * a correct decoder gives exactly ffmpeg's samples. Every read is bounded by the file
 * ({@link FlacBits}); sizes come from the 16-bit block size and the 3-bit channel count, so a frame never
 * allocates more than 8 x 65536 samples.
 *
 * @param blockSize samples per channel
 * @param channels the decoded channels, {@code channels[c][i]}
 * @param end the absolute position just past the frame's CRC-16
 */
record FlacFrame(int blockSize, int[][] channels, long end) {

    private static final int[] SAMPLE_RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100,
        48000, 96000};
    private static final int[] SAMPLE_SIZES = {0, 8, 12, -1, 16, 20, 24, 32};
    private static final int LEFT_SIDE = 8;
    private static final int SIDE_RIGHT = 9;
    private static final int MID_SIDE = 10;

    /** The facts of a frame header that decoding needs. */
    record Header(long start, int blockSize, int channelAssignment, int channels, int bitsPerSample) {
    }

    /**
     * Reads a frame header at the reader's position (a byte boundary), checking the sync code, the reserved
     * values and the CRC-8.
     *
     * @param in the reader, left after the header
     * @param streamBits the bits per sample STREAMINFO declares (for a header that refers to it)
     * @return the header, or null when the bytes there are not a valid frame header
     */
    static Header readHeader(FlacBits in, int streamBits) {
        long start = in.bytePosition();
        if (in.bits(15) != 0x7FFC) {
            return null;
        }
        in.bit(); // blocking strategy: fixed or variable, only the coded number's meaning differs
        int sizeCode = (int) in.bits(4);
        int rateCode = (int) in.bits(4);
        int assignment = (int) in.bits(4);
        int bitsCode = (int) in.bits(3);
        if (in.bit() != 0 || sizeCode == 0 || rateCode == 15 || assignment > MID_SIDE || bitsCode == 3) {
            return null;
        }
        if (!skipCodedNumber(in)) {
            return null;
        }
        int blockSize = switch (sizeCode) {
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (sizeCode - 2);
            case 6 -> (int) in.bits(8) + 1;
            case 7 -> (int) in.bits(16) + 1;
            default -> 256 << (sizeCode - 8);
        };
        if (rateCode == 12) {
            in.bits(8);
        } else if (rateCode == 13 || rateCode == 14) {
            in.bits(16);
        }
        int crc = (int) in.bits(8);
        if (crc != crc8(in, start, in.bytePosition() - 1)) {
            return null;
        }
        int bits = bitsCode == 0 ? streamBits : SAMPLE_SIZES[bitsCode];
        int channels = assignment < LEFT_SIDE ? assignment + 1 : 2;
        return new Header(start, blockSize, assignment, channels, bits);
    }

    /**
     * Decodes the subframes and checks the frame's CRC-16.
     *
     * @param in the reader, just after the header
     * @param h the header
     * @param name the file, for messages
     * @return the frame
     * @throws CorruptFileException when the frame is damaged (a reserved code, a residual that does not fit
     *     the block, the end of the file, or a CRC-16 mismatch)
     */
    static FlacFrame readBody(FlacBits in, Header h, String name) {
        long[][] decoded = new long[h.channels()][];
        for (int c = 0; c < h.channels(); c++) {
            boolean side = (h.channelAssignment() == LEFT_SIDE || h.channelAssignment() == MID_SIDE) && c == 1
                    || h.channelAssignment() == SIDE_RIGHT && c == 0;
            decoded[c] = readSubframe(in, h.blockSize(), h.bitsPerSample() + (side ? 1 : 0), name);
        }
        in.alignToByte();
        long crcAt = in.bytePosition();
        int crc = (int) in.bits(16);
        if (crc != crc16(in, h.start(), crcAt)) {
            throw new CorruptFileException(name + ": a FLAC frame fails its CRC-16 check");
        }
        return new FlacFrame(h.blockSize(), decorrelate(decoded, h), in.bytePosition());
    }

    private static long[] readSubframe(FlacBits in, int n, int bits, String name) {
        if (in.bit() != 0) {
            throw damaged(name, "a subframe's padding bit is set");
        }
        int type = (int) in.bits(6);
        int wasted = 0;
        if (in.bit() == 1) {
            wasted = (int) in.unary(bits) + 1;
            if (wasted >= bits) {
                throw damaged(name, "a subframe declares " + wasted + " wasted bits of " + bits);
            }
        }
        int b = bits - wasted;
        long[] s = new long[n];
        if (type == 0) {
            java.util.Arrays.fill(s, in.signedBits(b));
        } else if (type == 1) {
            for (int i = 0; i < n; i++) {
                s[i] = in.signedBits(b);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            warmUp(in, s, order, b, name);
            readResidual(in, s, order, name);
            restoreFixed(s, order);
        } else if (type >= 32) {
            int order = type - 31;
            warmUp(in, s, order, b, name);
            int precision = (int) in.bits(4) + 1;
            int shift = (int) in.signedBits(5);
            if (precision == 16 || shift < 0) {
                throw damaged(name, "an LPC subframe has an invalid precision or shift");
            }
            long[] coefs = new long[order];
            for (int j = 0; j < order; j++) {
                coefs[j] = in.signedBits(precision);
            }
            readResidual(in, s, order, name);
            restoreLpc(s, coefs, shift);
        } else {
            throw damaged(name, "a subframe has the reserved type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < n; i++) {
                s[i] <<= wasted;
            }
        }
        return s;
    }

    private static void warmUp(FlacBits in, long[] s, int order, int bits, String name) {
        if (order > s.length) {
            throw damaged(name, "a subframe's predictor order " + order + " exceeds its block of " + s.length);
        }
        for (int i = 0; i < order; i++) {
            s[i] = in.signedBits(bits);
        }
    }

    /** Reads the residual into {@code s[order..]} (partitioned Rice coding, 4- or 5-bit parameters). */
    private static void readResidual(FlacBits in, long[] s, int order, String name) {
        int method = (int) in.bits(2);
        if (method > 1) {
            throw damaged(name, "a residual uses the reserved coding method " + method);
        }
        int paramBits = method == 0 ? 4 : 5;
        int escape = (1 << paramBits) - 1;
        int partitionOrder = (int) in.bits(4);
        int partitions = 1 << partitionOrder;
        int n = s.length;
        if (n % partitions != 0 || (n >> partitionOrder) < order) {
            throw damaged(name, "a residual's " + partitions + " partitions do not fit a block of " + n
                    + " with predictor order " + order);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int end = (p + 1) * (n >> partitionOrder);
            int param = (int) in.bits(paramBits);
            if (param == escape) {
                int raw = (int) in.bits(5);
                for (; i < end; i++) {
                    s[i] = in.signedBits(raw);
                }
            } else {
                long limit = 0xFFFFFFFFL >>> param;
                for (; i < end; i++) {
                    long v = (in.unary(limit) << param) | in.bits(param);
                    s[i] = (v >>> 1) ^ -(v & 1);
                }
            }
        }
    }

    private static void restoreFixed(long[] s, int order) {
        for (int i = order; i < s.length; i++) {
            s[i] += switch (order) {
                case 0 -> 0;
                case 1 -> s[i - 1];
                case 2 -> 2 * s[i - 1] - s[i - 2];
                case 3 -> 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
                default -> 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
            };
        }
    }

    private static void restoreLpc(long[] s, long[] coefs, int shift) {
        int order = coefs.length;
        for (int i = order; i < s.length; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += coefs[j] * s[i - 1 - j];
            }
            s[i] += sum >> shift;
        }
    }

    private static int[][] decorrelate(long[][] d, Header h) {
        int n = h.blockSize();
        int[][] out = new int[d.length][n];
        for (int i = 0; i < n; i++) {
            switch (h.channelAssignment()) {
                case LEFT_SIDE -> {
                    out[0][i] = (int) d[0][i];
                    out[1][i] = (int) (d[0][i] - d[1][i]);
                }
                case SIDE_RIGHT -> {
                    out[0][i] = (int) (d[0][i] + d[1][i]);
                    out[1][i] = (int) d[1][i];
                }
                case MID_SIDE -> {
                    long side = d[1][i];
                    long mid = (d[0][i] << 1) | (side & 1);
                    out[0][i] = (int) ((mid + side) >> 1);
                    out[1][i] = (int) ((mid - side) >> 1);
                }
                default -> {
                    for (int c = 0; c < d.length; c++) {
                        out[c][i] = (int) d[c][i];
                    }
                }
            }
        }
        return out;
    }

    /** Skips the UTF-8-like coded frame or sample number; false when its bytes are malformed. */
    private static boolean skipCodedNumber(FlacBits in) {
        int first = (int) in.bits(8);
        int ones = Integer.numberOfLeadingZeros(~first << 24); // leading one bits of the first byte
        if (ones == 1 || ones == 8) {
            return false; // a continuation byte, or 0xFF
        }
        int more = ones == 0 ? 0 : ones - 1;
        for (int k = 0; k < more; k++) {
            if ((in.bits(8) & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int crc8(FlacBits in, long from, long to) {
        int crc = 0;
        for (long p = from; p < to; p++) {
            crc ^= in.byteAt(p);
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(FlacBits in, long from, long to) {
        int crc = 0;
        for (long p = from; p < to; p++) {
            crc ^= in.byteAt(p) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    private static CorruptFileException damaged(String name, String what) {
        return new CorruptFileException(name + ": " + what + " (damaged FLAC frame)");
    }
}
