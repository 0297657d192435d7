package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes native FLAC files with jFLAC, averaged to mono; integer samples are divided by
 * {@code 2^(bits - 1)} as for WAV, so 16- and 24-bit FLAC give the same values as the WAV they came from.
 *
 * <p>The metadata blocks are walked here, bounded by the file, and only the 34-byte STREAMINFO block is handed
 * to jFLAC (with its sample count cleared, so that jFLAC decodes every frame it finds): jFLAC allocates other
 * blocks (pictures, comments) at the sizes and counts they declare, which a hostile file could set to
 * gigabytes. The decoded stream is cut to STREAMINFO's sample count when it states one. Frames whose CRC fails
 * come out silent (jFLAC's concealment); a warning counts the frames jFLAC skipped.
 *
 * <p>jFLAC 1.5.2 loops forever when the stream ends inside a frame header (its sync search swallows the end of
 * stream, then the header parser reports a bad header, and its frame loop searches again; a fuzzing finding):
 * the stream it reads therefore fails with a plain {@link IOException}, which jFLAC does not swallow, once the
 * end has been reported a few times.
 */
final class FlacDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(FlacDecoder.class);
    private static final int STREAMINFO_BYTES = 34;

    private FlacDecoder() {
    }

    /** STREAMINFO's facts and where the frames start. */
    private record StreamInfo(byte[] block, int samplingRate, int channels, int bitsPerSample, long totalSamples,
            long framesStart) {
    }

    /**
     * @param src a file that starts with {@code fLaC}
     * @return the mono samples
     */
    static DecodedAudio decode(ByteSource src) {
        StreamInfo info = readMetadata(src);
        byte[] head = new byte[8 + STREAMINFO_BYTES];
        head[0] = 'f';
        head[1] = 'L';
        head[2] = 'a';
        head[3] = 'C';
        head[4] = (byte) 0x80; // last metadata block, type 0 (STREAMINFO)
        head[7] = STREAMINFO_BYTES;
        System.arraycopy(info.block(), 0, head, 8, STREAMINFO_BYTES);
        for (int i = 8 + 13; i < 8 + 18; i++) { // total samples: the low 4 bits of byte 13 and bytes 14-17
            head[i] &= (byte) (i == 8 + 13 ? 0xF0 : 0);
        }
        FLACDecoder decoder = new FLACDecoder(new EndOfStreamGuard(new BufferedInputStream(new SequenceInputStream(
                new ByteArrayInputStream(head), src.stream(info.framesStart(), src.size())))));
        MonoAccumulator mono = new MonoAccumulator(src.name());
        int frames = 0;
        try {
            decoder.readMetadata();
            for (Frame frame = decoder.readNextFrame(); frame != null; frame = decoder.readNextFrame()) {
                addFrame(src, frame, decoder.getChannelData(), info, mono);
                frames++;
            }
        } catch (IOException | RuntimeException e) {
            // jFLAC reports damaged frames with unchecked exceptions from deep inside its parsers
            if (frames == 0) {
                throw new CorruptFileException(src.name() + ": its first FLAC frame cannot be decoded (damaged)", e);
            }
            LOG.warn("{}: the FLAC stream is damaged after {} frames; the rest is ignored", src.name(), frames);
        }
        if (frames == 0) {
            throw new CorruptFileException(src.name() + ": it holds no FLAC audio frame");
        }
        if (decoder.getBadFrames() > 0) {
            LOG.warn("{}: {} damaged FLAC frames were skipped", src.name(), decoder.getBadFrames());
        }
        long end = info.totalSamples() > 0 ? info.totalSamples() : Long.MAX_VALUE;
        return new DecodedAudio(mono.range(0, end), info.samplingRate(), info.channels(), info.bitsPerSample(),
                false);
    }

    /** Reports the end of the stream a few times, then fails (see the class comment). */
    private static final class EndOfStreamGuard extends FilterInputStream {
        private static final int END_REPORTS = 16;
        private int ends;

        EndOfStreamGuard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return counted(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(super.read(b, off, len));
        }

        private int counted(int result) throws IOException {
            if (result < 0 && ++ends > END_REPORTS) {
                throw new IOException("the FLAC stream ends inside a frame");
            }
            return result;
        }
    }

    private static void addFrame(ByteSource src, Frame frame, ChannelData[] data, StreamInfo info,
            MonoAccumulator mono) {
        int channels = frame.header.channels;
        int bits = frame.header.bitsPerSample;
        int blockSize = frame.header.blockSize;
        if (channels != info.channels() || bits != info.bitsPerSample()) {
            throw new CorruptFileException(src.name() + ": a FLAC frame has " + channels + " channel(s) of " + bits
                    + " bits, the stream " + info.channels() + " of " + info.bitsPerSample());
        }
        int[][] planes = new int[channels][];
        for (int c = 0; c < channels; c++) {
            planes[c] = data[c].getOutput();
            if (planes[c].length < blockSize) {
                throw new CorruptFileException(src.name() + ": a FLAC frame is shorter than its block size");
            }
        }
        mono.addPlanar(planes, blockSize, Math.scalb(1.0, bits - 1));
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
        return new StreamInfo(info.block(), info.samplingRate(), info.channels(), info.bitsPerSample(),
                info.totalSamples(), at);
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
        return new StreamInfo(b, rate, channels, bits, total, 0);
    }
}
