package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;

/**
 * Finds and checks the AAC decoder configuration of an MP4 sound track: the first sample description
 * ({@code stsd}) must be {@code mp4a}, its elementary stream descriptor ({@code esds}, ISO/IEC 14496-1 section
 * 7.2.6.5) must name MPEG-4 or MPEG-2 AAC, and the AudioSpecificConfig it carries must be AAC-LC (audio
 * object type 2), the profile of AAC in MP4 files from ffmpeg, phones and most encoders. Stateless.
 */
final class AacConfig {

    private static final int TAG_ES = 3;
    private static final int TAG_DECODER_CONFIG = 4;
    private static final int TAG_DECODER_SPECIFIC = 5;
    private static final int OBJECT_TYPE_LC = 2;
    /** Bytes before the child boxes of a sound sample entry, by QuickTime sound description version 0, 1, 2. */
    private static final int[] ENTRY_HEADER = {28, 44, 64};

    private AacConfig() {
    }

    /**
     * @param stbl the sound track's sample table box
     * @return the AudioSpecificConfig bytes, checked to be AAC-LC
     * @throws InvalidInputException when the track holds another codec or AAC profile
     * @throws CorruptFileException when the boxes or descriptors are malformed
     */
    static byte[] fromSampleDescription(ByteSource src, Mp4Box stbl) {
        Mp4Box stsd = Mp4AudioTrack.require(src, stbl, "stsd");
        Mp4Box entry = stsd.bodySize() >= 16 ? Mp4Box.find(src, stsd.body() + 8, stsd.end(), null) : null;
        if (entry == null) {
            throw Mp4Box.malformed(src, "stsd", stsd.start(), "it has no sample description");
        }
        if (!entry.type().equals("mp4a")) {
            throw new InvalidInputException(src.name() + ": its sound track's codec '"
                    + WavDecoder.printable(entry.type()) + "' is not supported (only AAC-LC, 'mp4a')");
        }
        byte[] head = entry.read(src, ENTRY_HEADER[0], ENTRY_HEADER[0]);
        int version = Mp4Box.u16(head, 8);
        if (version > 2 || entry.bodySize() < ENTRY_HEADER[version]) {
            throw Mp4Box.malformed(src, "mp4a", entry.start(), "sound description version " + version
                    + " in " + entry.bodySize() + " bytes");
        }
        long children = entry.body() + ENTRY_HEADER[version];
        Mp4Box esds = Mp4Box.find(src, children, entry.end(), "esds");
        if (esds == null) {
            Mp4Box wave = Mp4Box.find(src, children, entry.end(), "wave");
            esds = wave == null ? null : wave.child(src, "esds");
        }
        if (esds == null) {
            throw new CorruptFileException(src.name() + ": its AAC sound track has no 'esds' decoder configuration");
        }
        byte[] config = decoderSpecificInfo(src, esds.read(src, 4, 1 << 12));
        checkProfile(src, config);
        return config;
    }

    /** Walks ES_Descriptor -> DecoderConfigDescriptor -> DecoderSpecificInfo. */
    private static byte[] decoderSpecificInfo(ByteSource src, byte[] esds) {
        Descriptors d = new Descriptors(src, esds, 4);
        d.expect(TAG_ES);
        d.skip(2);
        int flags = d.u8();
        if ((flags & 0x80) != 0) {
            d.skip(2);
        }
        if ((flags & 0x40) != 0) {
            d.skip(d.u8());
        }
        if ((flags & 0x20) != 0) {
            d.skip(2);
        }
        d.expect(TAG_DECODER_CONFIG);
        int objectType = d.u8();
        if (objectType != 0x40 && (objectType < 0x66 || objectType > 0x68)) {
            throw new InvalidInputException(src.name() + ": its sound track's codec (MPEG-4 object type 0x"
                    + Integer.toHexString(objectType) + (objectType == 0x69 || objectType == 0x6B ? ", MP3" : "")
                    + ") is not supported in MP4 files (only AAC-LC)");
        }
        d.skip(12);
        int length = d.expect(TAG_DECODER_SPECIFIC);
        return d.bytes(length);
    }

    private static void checkProfile(ByteSource src, byte[] config) {
        if (config.length < 2) {
            throw new CorruptFileException(src.name() + ": its AAC AudioSpecificConfig has " + config.length
                    + " bytes, at least 2 needed");
        }
        int objectType = (config[0] & 0xFF) >>> 3;
        if (objectType == 31) {
            objectType = 32 + (((config[0] & 0x07) << 3) | ((config[1] & 0xFF) >>> 5));
        }
        if (objectType != OBJECT_TYPE_LC) {
            throw new InvalidInputException(src.name() + ": AAC profile " + profileName(objectType) + " (audio object"
                    + " type " + objectType + ") is not supported (only AAC-LC)");
        }
    }

    /**
     * @param config an AAC-LC AudioSpecificConfig (checked by {@link #fromSampleDescription})
     * @return the channels its channel configuration names, or 0 when a program config element defines them
     *     (JAAD decodes a mono stream to two equal channels, so the count reported comes from here)
     */
    static int channels(byte[] config) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (i < config.length ? config[i] & 0xFF : 0);
        }
        int frequencyIndex = (int) (bits >>> 55) & 0xF; // after the 5-bit object type
        int shift = frequencyIndex == 15 ? 55 - 24 - 4 : 55 - 4;
        int configuration = (int) (bits >>> shift) & 0xF;
        return configuration == 7 ? 8 : configuration <= 6 ? configuration : 0;
    }

    private static String profileName(int objectType) {
        return switch (objectType) {
            case 1 -> "Main";
            case 3 -> "SSR";
            case 4 -> "LTP";
            case 5 -> "HE-AAC (SBR)";
            case 23 -> "LD";
            case 29 -> "HE-AAC v2 (PS)";
            case 39 -> "ELD";
            case 42 -> "USAC (xHE-AAC)";
            default -> "#" + objectType;
        };
    }

    /** A bounded reader of MPEG-4 descriptors (tag, then a size of up to four 7-bit groups). */
    private static final class Descriptors {
        private final ByteSource src;
        private final byte[] b;
        private int at;

        Descriptors(ByteSource src, byte[] b, int at) {
            this.src = src;
            this.b = b;
            this.at = at;
        }

        int u8() {
            if (at >= b.length) {
                throw corrupt("it ends early");
            }
            return b[at++] & 0xFF;
        }

        void skip(int n) {
            if (n > b.length - at) {
                throw corrupt("it ends early");
            }
            at += n;
        }

        byte[] bytes(int n) {
            if (n > b.length - at) {
                throw corrupt("a descriptor of " + n + " bytes runs past its end");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        /** Reads a descriptor header of the given tag; @return its size. */
        int expect(int tag) {
            int found = u8();
            if (found != tag) {
                throw corrupt("descriptor tag " + found + " where " + tag + " was expected");
            }
            int size = 0;
            for (int i = 0; i < 4; i++) {
                int v = u8();
                size = size << 7 | (v & 0x7F);
                if ((v & 0x80) == 0) {
                    return size;
                }
            }
            return size;
        }

        private CorruptFileException corrupt(String problem) {
            return new CorruptFileException(src.name() + ": its AAC decoder configuration ('esds') is malformed: "
                    + problem);
        }
    }
}
