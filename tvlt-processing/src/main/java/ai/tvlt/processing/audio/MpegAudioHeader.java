package ai.tvlt.processing.audio;

/**
 * The 4-byte header of an MPEG-1/2/2.5 audio frame (ISO/IEC 11172-3 section 2.4.1.3, with the MPEG-2.5
 * extension): where the frame ends and how many samples it holds. Used to find the first frame and its
 * Xing/Info/LAME tag; the decoding itself is JLayer's.
 *
 * @param mpeg1 whether the frame is MPEG-1 (else MPEG-2 or 2.5, the low-sampling-rate extensions)
 * @param layer 1, 2 or 3
 * @param samplingRate samples per second
 * @param mono whether the channel mode is single channel
 * @param frameBytes the frame's length in bytes, header included
 */
record MpegAudioHeader(boolean mpeg1, int layer, int samplingRate, boolean mono, int frameBytes) {

    private static final int[][] BITRATE_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II, III
    };
    private static final int[] RATES = {44100, 48000, 32000};

    /**
     * @param b bytes holding a header at {@code at} ({@code at + 4 <= b.length})
     * @return the header, or null when the bytes are not a valid frame header (free-format bit rate included)
     */
    static MpegAudioHeader parse(byte[] b, int at) {
        int h = (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        int version = h >>> 19 & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        int layerBits = h >>> 17 & 3;
        int bitrateIndex = h >>> 12 & 15;
        int rateIndex = h >>> 10 & 3;
        if ((h >>> 21) != 0x7FF || version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15
                || rateIndex == 3) {
            return null;
        }
        boolean mpeg1 = version == 3;
        int layer = 4 - layerBits;
        int rate = RATES[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        int table = mpeg1 ? layer - 1 : layer == 1 ? 3 : 4;
        int bitrate = BITRATE_KBPS[table][bitrateIndex] * 1000;
        int padding = h >>> 9 & 1;
        int bytes = layer == 1 ? (12 * bitrate / rate + padding) * 4
                : (layer == 3 && !mpeg1 ? 72 : 144) * bitrate / rate + padding;
        return new MpegAudioHeader(mpeg1, layer, rate, (h >>> 6 & 3) == 3, bytes);
    }

    /** @return PCM samples per channel in one frame */
    int samplesPerFrame() {
        return layer == 1 ? 384 : layer == 3 && !mpeg1 ? 576 : 1152;
    }

    /** @return the offset of a layer III Xing/Info tag from the frame's start (after the side information) */
    int xingOffset() {
        return 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
    }
}
