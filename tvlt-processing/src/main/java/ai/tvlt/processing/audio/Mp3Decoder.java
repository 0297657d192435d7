package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import java.io.BufferedInputStream;
import java.nio.charset.StandardCharsets;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.Obuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes MPEG audio files (MP3; layers I and II too) with JLayer, averaged to mono, as float samples taken
 * from JLayer's synthesis filter before its 16-bit rounding.
 *
 * <p>Gapless trimming as ffmpeg does it, so the stream lines up with ffmpeg's decode: leading ID3v2 tags are
 * skipped; a first frame carrying a Xing/Info or VBRI tag is not audio and is not decoded; when a LAME tag
 * (also written by ffmpeg's encoder) gives the encoder delay and padding, the first {@code delay + 529} samples
 * (the encoder's delay plus the decoder's) are dropped and the stream ends {@code padding - 529} samples before
 * the end of the frames the Xing tag counts. A frame JLayer cannot decode becomes silence of one frame's length;
 * a warning counts them.
 */
final class Mp3Decoder {

    private static final Logger LOG = LoggerFactory.getLogger(Mp3Decoder.class);
    /** The synthesis filter's output gain in JLayer: samples come scaled by it. */
    private static final double JLAYER_SCALE = 32700.0;
    /** The decoder delay of the MPEG audio synthesis filter bank that ffmpeg adds to the LAME encoder delay. */
    private static final int DECODER_DELAY = 529;
    /** Bytes scanned for the first frame header after the tags (ffmpeg's probe scans a similar window). */
    private static final int SYNC_WINDOW = 1 << 16;

    private Mp3Decoder() {
    }

    /** Gapless facts of the first frame: where audio starts, and the samples to drop at each end. */
    private record Start(long audioStart, MpegAudioHeader first, long dropStart, long totalSamples) {
    }

    /**
     * @param src a file that starts with an ID3v2 tag or an MPEG audio frame
     * @return the trimmed mono samples
     */
    static DecodedAudio decode(ByteSource src) {
        Start start = locate(src);
        FloatFrames frames = new FloatFrames();
        Decoder decoder = new Decoder();
        decoder.setOutputBuffer(frames);
        MonoAccumulator mono = new MonoAccumulator(src.name());
        int decoded = 0;
        int failed = 0;
        int channels = 0;
        Bitstream stream = new Bitstream(new BufferedInputStream(src.stream(start.audioStart(), src.size())));
        try {
            while (true) {
                Header header = stream.readFrame();
                if (header == null) {
                    break;
                }
                int frameChannels = header.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
                int spf = start.first().samplesPerFrame();
                frames.reset(frameChannels);
                try {
                    if (channels != 0 && frameChannels != channels || header.frequency() != start.first().samplingRate()) {
                        throw new DecoderException("frame format changes mid-stream", null);
                    }
                    decoder.decodeFrame(header, stream);
                    channels = frameChannels;
                    mono.addPlanarFloat(frames.planes, frames.length(), frameChannels, JLAYER_SCALE);
                    decoded++;
                } catch (DecoderException | RuntimeException e) {
                    // JLayer reports damaged frames with unchecked exceptions from deep inside its parsers
                    failed++;
                    mono.addSilence(spf);
                }
                stream.closeFrame();
            }
        } catch (BitstreamException | RuntimeException e) {
            LOG.warn("{}: the MPEG audio stream is damaged after {} frames; the rest is ignored", src.name(),
                    decoded + failed);
        }
        if (decoded == 0) {
            throw new CorruptFileException(src.name() + ": no MPEG audio frame could be decoded (damaged or not"
                    + " an MP3 file)");
        }
        if (failed > 0) {
            LOG.warn("{}: {} of {} MPEG audio frames could not be decoded (damaged); they are silent", src.name(),
                    failed, decoded + failed);
        }
        long end = start.totalSamples() < 0 ? Long.MAX_VALUE : start.totalSamples();
        return new DecodedAudio(mono.range(start.dropStart(), end), start.first().samplingRate(), channels, 16,
                false);
    }

    /** Skips ID3v2 tags, finds the first frame, reads its Xing/Info/LAME or VBRI tag. */
    private static Start locate(ByteSource src) {
        long at = skipId3v2(src);
        byte[] window = new byte[(int) Math.min(SYNC_WINDOW, src.size() - at)];
        src.readFully(at, window, 0, window.length);
        for (int i = 0; i + 4 <= window.length; i++) {
            MpegAudioHeader h = (window[i] & 0xFF) == 0xFF ? MpegAudioHeader.parse(window, i) : null;
            if (h != null) {
                return infoTag(src, at + i, h);
            }
        }
        throw new CorruptFileException(src.name() + ": no MPEG audio frame header in its first " + window.length
                + " bytes after the tags (not an MP3 file)");
    }

    private static long skipId3v2(ByteSource src) {
        long at = 0;
        byte[] tag = new byte[10];
        while (at + 10 <= src.size()) {
            src.readFully(at, tag, 0, 10);
            if (tag[0] != 'I' || tag[1] != 'D' || tag[2] != '3') {
                break;
            }
            long size = (tag[6] & 0x7F) << 21 | (tag[7] & 0x7F) << 14 | (tag[8] & 0x7F) << 7 | (tag[9] & 0x7F);
            at += 10 + size + ((tag[5] & 0x10) != 0 ? 10 : 0);
        }
        if (at >= src.size()) {
            throw new CorruptFileException(src.name() + ": its ID3v2 tags end at byte " + at + ", where the file"
                    + " (" + src.size() + " bytes) holds no audio");
        }
        return at;
    }

    private static Start infoTag(ByteSource src, long frameStart, MpegAudioHeader h) {
        byte[] frame = new byte[(int) Math.min(h.frameBytes(), src.size() - frameStart)];
        src.readFully(frameStart, frame, 0, frame.length);
        long next = frameStart + h.frameBytes();
        int x = h.xingOffset();
        if (h.layer() == 3 && has(frame, 4 + 32, "VBRI")) {
            return new Start(next, h, 0, -1);
        }
        if (h.layer() != 3 || !(has(frame, x, "Xing") || has(frame, x, "Info")) || frame.length < x + 8) {
            return new Start(frameStart, h, 0, -1);
        }
        int flags = (int) Mp4Box.u32(frame, x + 4);
        int p = x + 8;
        long frameCount = -1;
        if ((flags & 1) != 0 && frame.length >= p + 4) {
            frameCount = Mp4Box.u32(frame, p);
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (frame.length < p + 24 || !(has(frame, p, "LAME") || has(frame, p, "Lavf") || has(frame, p, "Lavc"))) {
            return new Start(next, h, 0, -1);
        }
        int delay = (frame[p + 21] & 0xFF) << 4 | (frame[p + 22] & 0xFF) >>> 4;
        int padding = (frame[p + 22] & 0x0F) << 8 | (frame[p + 23] & 0xFF);
        long dropStart = delay + DECODER_DELAY;
        long total = frameCount < 0 ? -1 : frameCount * h.samplesPerFrame() - padding + DECODER_DELAY;
        return new Start(next, h, dropStart, total);
    }

    private static boolean has(byte[] b, int at, String tag) {
        return at + 4 <= b.length && new String(b, at, 4, StandardCharsets.ISO_8859_1).equals(tag);
    }

    /** Receives JLayer's synthesis output of one frame as floats, per channel. */
    private static final class FloatFrames extends Obuffer {
        final float[][] planes = new float[2][1152];
        private final int[] lengths = new int[2];
        private int channels = 1;

        void reset(int frameChannels) {
            channels = frameChannels;
            lengths[0] = 0;
            lengths[1] = 0;
        }

        int length() {
            return channels == 1 ? lengths[0] : Math.min(lengths[0], lengths[1]);
        }

        @Override
        public void appendSamples(int channel, float[] f) {
            if (channel < 0 || channel >= channels || lengths[channel] + f.length > planes[channel].length) {
                throw new IllegalStateException("frame larger than its header announces");
            }
            System.arraycopy(f, 0, planes[channel], lengths[channel], f.length);
            lengths[channel] += f.length;
        }

        @Override
        public void append(int channel, short value) {
            appendSamples(channel, new float[] {value});
        }

        @Override
        public void write_buffer(int val) {
        }

        @Override
        public void close() {
        }

        @Override
        public void clear_buffer() {
        }

        @Override
        public void set_stop_flag() {
        }
    }
}
