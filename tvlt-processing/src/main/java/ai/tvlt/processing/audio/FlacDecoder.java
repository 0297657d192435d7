package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes native FLAC files ({@link FlacFrame} decodes each frame), averaged to mono; integer samples are divided
 * by {@code 2^(bits - 1)} as for WAV, so 16- and 24-bit FLAC give the same values as the WAV they came from.
 *
 * <p>The metadata blocks are walked here, bounded by the file, and only STREAMINFO is read. The decoded stream is
 * cut to STREAMINFO's sample count when it states one. A damaged frame (its CRC-16 fails, or it does not parse)
 * keeps its place in time as silence, and decoding goes on at the next valid frame header (sync code and CRC-8);
 * a warning counts such frames. A stream that ends inside a frame keeps the frames before it, with a warning.
 */
final class FlacDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(FlacDecoder.class);
    private static final int STREAMINFO_BYTES = 34;

    private FlacDecoder() {
    }

    /** STREAMINFO's facts and where the frames start. */
    private record StreamInfo(int samplingRate, int channels, int bitsPerSample, long totalSamples,
            long framesStart) {
    }

    /**
     * @param src a file that starts with {@code fLaC}
     * @return the mono samples
     */
    static DecodedAudio decode(ByteSource src) {
        StreamInfo info = readMetadata(src);
        FlacBits in = new FlacBits(src, info.framesStart(), src.size());
        MonoAccumulator mono = new MonoAccumulator(src.name());
        double scale = Math.scalb(1.0, info.bitsPerSample() - 1);
        int frames = 0;
        int damaged = 0;
        long at = info.framesStart();
        for (FlacFrame.Header h = nextHeader(in, at, info); h != null; h = nextHeader(in, at, info)) {
            try {
                if (h.channels() != info.channels() || h.bitsPerSample() != info.bitsPerSample()) {
                    throw new CorruptFileException(src.name() + ": a FLAC frame has " + h.channels() + " channel(s) of "
                            + h.bitsPerSample() + " bits, the stream " + info.channels() + " of " + info.bitsPerSample());
                }
                FlacFrame frame = FlacFrame.readBody(in, h, src.name());
                mono.addPlanar(frame.channels(), frame.blockSize(), scale);
                frames++;
                at = frame.end();
            } catch (CorruptFileException e) {
                if (in.overran()) {
                    LOG.warn("{}: the FLAC stream ends inside a frame after {} frames; the rest is ignored",
                            src.name(), frames);
                    break;
                }
                LOG.debug("{}", e.getMessage());
                damaged++;
                mono.addSilence(h.blockSize());
                at = h.start() + 1;
            }
        }
        if (frames == 0) {
            throw new CorruptFileException(src.name() + (damaged > 0 ? ": every FLAC frame in it is damaged"
                    : ": it holds no FLAC audio frame"));
        }
        if (damaged > 0) {
            LOG.warn("{}: {} damaged FLAC frames were replaced by silence", src.name(), damaged);
        }
        long end = info.totalSamples() > 0 ? info.totalSamples() : Long.MAX_VALUE;
        return new DecodedAudio(mono.range(0, end), info.samplingRate(), info.channels(), info.bitsPerSample(),
                false);
    }

    /** @return the first valid frame header at or after {@code from}, or null when there is none */
    private static FlacFrame.Header nextHeader(FlacBits in, long from, StreamInfo info) {
        try {
            for (long p = from; ; p++) {
                in.seek(p);
                if (in.atEnd()) {
                    return null;
                }
                if (in.byteAt(p) == 0xFF && (in.byteAt(p + 1) & 0xFE) == 0xF8) {
                    FlacFrame.Header h = FlacFrame.readHeader(in, info.bitsPerSample());
                    if (h != null) {
                        return h;
                    }
                }
            }
        } catch (CorruptFileException endOfStream) {
            // fewer bytes left than a frame header
        }
        return null;
    }

    private static StreamInfo readMetadata(ByteSource src) {
        long at = 4;
        byte[] header = new byte[4];
        StreamInfo info = null;
        boolean last = false;
        while (!last) {
            src.readFully(at, header, 0, 4);
            last = (header[0] & 0x80) != 0;
            int type = header[0] & 0x7F;
            long length = (header[1] & 0xFFL) << 16 | (header[2] & 0xFFL) << 8 | (header[3] & 0xFFL);
            if (length > src.size() - at - 4) {
                throw new CorruptFileException(src.name() + ": FLAC metadata block of type " + type + " at byte " + at
                        + " declares " + length + " bytes, beyond the end of the file");
            }
            if (info == null) {
                if (type != 0 || length != STREAMINFO_BYTES) {
                    throw new CorruptFileException(src.name() + ": its first FLAC metadata block is not a 34-byte"
                            + " STREAMINFO (type " + type + ", " + length + " bytes)");
                }
                byte[] block = new byte[STREAMINFO_BYTES];
                src.readFully(at + 4, block, 0, STREAMINFO_BYTES);
                info = streamInfo(src, block);
            }
            at += 4 + length;
        }
        return new StreamInfo(info.samplingRate(), info.channels(), info.bitsPerSample(), info.totalSamples(), at);
    }

    private static StreamInfo streamInfo(ByteSource src, byte[] b) {
        int rate = (b[10] & 0xFF) << 12 | (b[11] & 0xFF) << 4 | (b[12] & 0xFF) >>> 4;
        int channels = ((b[12] & 0x0E) >>> 1) + 1;
        int bits = ((b[12] & 0x01) << 4 | (b[13] & 0xFF) >>> 4) + 1;
        long total = (b[13] & 0x0FL) << 32 | Mp4Box.u32(b, 14);
        if (rate == 0) {
            throw new CorruptFileException(src.name() + ": its FLAC STREAMINFO declares a sampling rate of 0 Hz");
        }
        if (bits < 4) {
            throw new CorruptFileException(src.name() + ": its FLAC STREAMINFO declares " + bits + "-bit samples");
        }
        return new StreamInfo(rate, channels, bits, total, 0);
    }
}
