package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded RIFF/WAVE parser: integer PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float of 32 and 64 bits,
 * plain or {@code WAVE_FORMAT_EXTENSIBLE}, any number of channels. Integers are divided by
 * {@code 2^(bits - 1)} (8-bit after subtracting 128), the convention of soundfile/librosa; channels are
 * averaged (in float64, rounded once to float32).
 *
 * <p>Every chunk size is checked against the RIFF size and the file size before anything is read or
 * allocated; the sample array holds at most {@code data size / block align} frames.
 */
final class WavDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(WavDecoder.class);

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_IEEE_FLOAT = 0x0003;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs (the first two hold the format tag). */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    private static final int MAX_FRAMES = Integer.MAX_VALUE - 8;
    private static final int READ_BLOCK = 1 << 16;

    private WavDecoder() {
    }

    /** The {@code fmt } chunk's facts that decoding needs. */
    private record Format(int channels, int samplingRate, int blockAlign, int bitsPerSample, boolean floatingPoint) {
    }

    /**
     * @param src a source that starts with {@code RIFF....WAVE}
     * @return the decoded, down-mixed clip
     * @throws CorruptFileException when the file is malformed, truncated or hostile, or uses an unsupported
     *     encoding
     */
    static DecodedAudio decode(ByteSource src) {
        byte[] header = new byte[12];
        src.readFully(0, header, 0, 12);
        long riffEnd = 8 + u32(header, 4);
        if (riffEnd > src.size()) {
            throw new CorruptFileException(src.name() + ": RIFF size " + (riffEnd - 8) + " exceeds the file ("
                    + src.size() + " bytes)");
        }
        Format format = null;
        long pos = 12;
        byte[] chunkHeader = new byte[8];
        while (pos + 8 <= riffEnd) {
            src.readFully(pos, chunkHeader, 0, 8);
            String id = new String(chunkHeader, 0, 4, StandardCharsets.ISO_8859_1);
            long size = u32(chunkHeader, 4);
            long body = pos + 8;
            if (size > riffEnd - body) {
                throw new CorruptFileException(src.name() + ": chunk '" + printable(id) + "' at offset " + pos
                        + " declares " + size + " bytes, beyond the end of the RIFF data (" + riffEnd + " bytes)");
            }
            if (id.equals("fmt ")) {
                if (format != null) {
                    throw new CorruptFileException(src.name() + ": second fmt chunk at offset " + pos);
                }
                format = parseFormat(src, body, size);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new CorruptFileException(src.name() + ": data chunk at offset " + pos
                            + " comes before the fmt chunk");
                }
                return decodeSamples(src, format, body, size);
            }
            pos = body + size + (size & 1);
        }
        throw new CorruptFileException(src.name() + ": no " + (format == null ? "fmt" : "data") + " chunk");
    }

    private static Format parseFormat(ByteSource src, long body, long size) {
        if (size < 16) {
            throw new CorruptFileException(src.name() + ": fmt chunk of " + size + " bytes, at least 16 needed");
        }
        byte[] f = new byte[(int) Math.min(size, 40)];
        src.readFully(body, f, 0, f.length);
        int tag = u16(f, 0);
        int channels = u16(f, 2);
        long rate = u32(f, 4);
        int blockAlign = u16(f, 12);
        int bits = u16(f, 14);
        if (tag == FORMAT_EXTENSIBLE) {
            if (f.length < 40 || u16(f, 16) < 22) {
                throw new CorruptFileException(src.name() + ": WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                        + " bytes lacks its 22-byte extension");
            }
            for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
                if (f[26 + i] != SUBFORMAT_GUID_TAIL[i]) {
                    throw new CorruptFileException(src.name() + ": unsupported WAVE_FORMAT_EXTENSIBLE sub-format"
                            + " (not PCM or IEEE float)");
                }
            }
            tag = u16(f, 24);
        }
        boolean floatingPoint = tag == FORMAT_IEEE_FLOAT;
        if (tag != FORMAT_PCM && !floatingPoint) {
            throw new CorruptFileException(src.name() + ": unsupported WAV encoding, format tag 0x"
                    + String.format("%04X", tag) + " (" + encodingName(tag) + "); supported: PCM and IEEE float");
        }
        boolean bitsOk = floatingPoint ? bits == 32 || bits == 64 : bits == 8 || bits == 16 || bits == 24 || bits == 32;
        if (!bitsOk) {
            throw new CorruptFileException(src.name() + ": unsupported " + bits + "-bit " + (floatingPoint ? "float"
                    : "PCM") + " samples; supported: PCM 8/16/24/32-bit, float 32/64-bit");
        }
        if (channels == 0) {
            throw new CorruptFileException(src.name() + ": the fmt chunk declares zero channels");
        }
        if (rate == 0 || rate > Integer.MAX_VALUE) {
            throw new CorruptFileException(src.name() + ": invalid sampling rate " + rate + " Hz");
        }
        long expectedAlign = (long) channels * (bits / 8);
        if (blockAlign != expectedAlign) {
            throw new CorruptFileException(src.name() + ": block align " + blockAlign + " does not match " + channels
                    + " channel(s) x " + bits / 8 + " bytes = " + expectedAlign);
        }
        return new Format(channels, (int) rate, blockAlign, bits, floatingPoint);
    }

    private static DecodedAudio decodeSamples(ByteSource src, Format format, long body, long size) {
        long frames = size / format.blockAlign();
        if (size % format.blockAlign() != 0) {
            LOG.warn("{}: data chunk of {} bytes ends with a partial frame; its {} bytes are ignored", src.name(), size,
                    size % format.blockAlign());
        }
        if (frames > MAX_FRAMES) {
            throw new InvalidInputException(src.name() + ": " + frames + " sample frames do not fit a Java array");
        }
        float[] samples = new float[(int) frames];
        int framesPerBlock = Math.max(1, READ_BLOCK / format.blockAlign());
        byte[] block = new byte[framesPerBlock * format.blockAlign()];
        int bytesPerSample = format.bitsPerSample() / 8;
        int channels = format.channels();
        for (int first = 0; first < frames; first += framesPerBlock) {
            int count = (int) Math.min(framesPerBlock, frames - first);
            src.readFully(body + (long) first * format.blockAlign(), block, 0, count * format.blockAlign());
            for (int i = 0; i < count; i++) {
                int frameOffset = i * format.blockAlign();
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += sample(block, frameOffset + c * bytesPerSample, format);
                }
                double mono = channels == 1 ? sum : sum / channels;
                float value = (float) mono;
                if (!Float.isFinite(value)) {
                    throw new CorruptFileException(src.name() + ": sample frame " + (first + i) + " is " + mono
                            + (Double.isFinite(mono) ? " (beyond the float32 range)" : ""));
                }
                samples[first + i] = value;
            }
        }
        return new DecodedAudio(samples, format.samplingRate(), channels, format.bitsPerSample(),
                format.floatingPoint());
    }

    /** One sample scaled to [-1, 1) (integers) or as stored (floats). */
    private static double sample(byte[] b, int at, Format format) {
        if (format.floatingPoint()) {
            return format.bitsPerSample() == 32
                    ? Float.intBitsToFloat((int) u32(b, at))
                    : Double.longBitsToDouble(u32(b, at) | (u32(b, at + 4) << 32));
        }
        switch (format.bitsPerSample()) {
            case 8:
                return ((b[at] & 0xFF) - 128) / 128.0;
            case 16:
                return (short) u16(b, at) / 32768.0;
            case 24:
                return ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | b[at + 2] << 16) / 8388608.0;
            default:
                return (int) u32(b, at) / 2147483648.0;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static String encodingName(int tag) {
        return switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0050, 0x0055 -> "MPEG";
            default -> "unknown";
        };
    }

    /** @return the text with control and non-ASCII characters replaced by '?', for messages */
    static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char ch : id.toCharArray()) {
            sb.append(ch >= 0x20 && ch < 0x7F ? ch : '?');
        }
        return sb.toString();
    }
}
