package ai.tvlt.processing.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes WAV bytes by hand for the decoder tests: every header field can be set, including wrong ones. */
final class TestWavFile {

    int formatTag = 1;
    int channels = 1;
    long samplingRate = 44100;
    int bitsPerSample = 16;
    Integer blockAlign;
    boolean extensible;
    int extensibleSubFormat = 1;
    /** Raw sample bytes, interleaved, little-endian. */
    byte[] data = new byte[0];
    Long dataSizeOverride;
    Long riffSizeOverride;
    boolean dataBeforeFmt;
    boolean withListChunk;

    static TestWavFile pcm(int bits, int channels, long... samples) {
        TestWavFile w = new TestWavFile();
        w.bitsPerSample = bits;
        w.channels = channels;
        ByteBuffer b = ByteBuffer.allocate(samples.length * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : samples) {
            switch (bits) {
                case 8 -> b.put((byte) s);
                case 16 -> b.putShort((short) s);
                case 24 -> b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                case 32 -> b.putInt((int) s);
                default -> throw new IllegalArgumentException("bits " + bits);
            }
        }
        w.data = b.array();
        return w;
    }

    static TestWavFile float32(int channels, float... samples) {
        TestWavFile w = new TestWavFile();
        w.formatTag = 3;
        w.bitsPerSample = 32;
        w.channels = channels;
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putFloat(s);
        }
        w.data = b.array();
        return w;
    }

    static TestWavFile float64(int channels, double... samples) {
        TestWavFile w = new TestWavFile();
        w.formatTag = 3;
        w.bitsPerSample = 64;
        w.channels = channels;
        ByteBuffer b = ByteBuffer.allocate(samples.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double s : samples) {
            b.putDouble(s);
        }
        w.data = b.array();
        return w;
    }

    TestWavFile extensible() {
        extensibleSubFormat = formatTag;
        extensible = true;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "WAVE".getBytes(StandardCharsets.US_ASCII));
        if (withListChunk) {
            chunk(body, "LIST", "INFOISFT\u0003\0\0\0ab\0".getBytes(StandardCharsets.ISO_8859_1), null);
        }
        if (dataBeforeFmt) {
            chunk(body, "data", data, dataSizeOverride);
        }
        chunk(body, "fmt ", fmt(), null);
        if (withListChunk) {
            chunk(body, "junk", new byte[] {1, 2, 3}, null);
        }
        if (!dataBeforeFmt) {
            chunk(body, "data", data, dataSizeOverride);
        }
        byte[] b = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(8 + b.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.putInt((int) (riffSizeOverride != null ? riffSizeOverride : b.length));
        out.put(b);
        return out.array();
    }

    private byte[] fmt() {
        int align = blockAlign != null ? blockAlign : channels * bitsPerSample / 8;
        ByteBuffer f = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        f.putShort((short) (extensible ? 0xFFFE : formatTag));
        f.putShort((short) channels);
        f.putInt((int) samplingRate);
        f.putInt((int) (samplingRate * align));
        f.putShort((short) align);
        f.putShort((short) bitsPerSample);
        if (extensible) {
            f.putShort((short) 22);
            f.putShort((short) bitsPerSample);
            f.putInt(channels == 2 ? 3 : 0);
            f.putShort((short) extensibleSubFormat);
            f.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
                (byte) 0x9B, 0x71});
        }
        return f.array();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] body, Long sizeOverride) {
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        h.put(id.getBytes(StandardCharsets.US_ASCII));
        h.putInt((int) (sizeOverride != null ? sizeOverride : body.length));
        write(out, h.array());
        write(out, body);
        if ((body.length & 1) == 1) {
            out.write(0);
        }
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }
}
