package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * The first sound track of an MP4/MOV/M4A file, demuxed from its boxes: the AAC decoder configuration
 * ({@code stsd/mp4a/esds}, also inside a QuickTime {@code wave} box), where each access unit lies
 * ({@code stsz}, {@code stsc}, {@code stco}/{@code co64}), and where playback starts ({@code mdhd} timescale,
 * the edit list's {@code media_time}).
 *
 * <p>Every table is checked against its box before anything is allocated, and every access unit against the
 * file: a table holds at most as many entries as its box has bytes for, the access units together are no larger
 * than the file (real units never overlap), and the units announce no more audio than
 * {@link MonoAccumulator#MAX_SAMPLES}.
 *
 * @param config the AudioSpecificConfig (ISO/IEC 14496-3 section 1.6.2.1)
 * @param offsets file offset of each access unit
 * @param sizes size in bytes of each access unit
 * @param timescale media time units per second ({@code mdhd})
 * @param skip media time units decoded but not played at the start (edit list {@code media_time}; 0 without one)
 */
record Mp4AudioTrack(byte[] config, long[] offsets, int[] sizes, long timescale, long skip) {

    /** The largest AAC access unit: 6144 bits per channel (ISO/IEC 14496-3 section 4.5.3.1) for 8 channels. */
    private static final int MAX_UNIT = 6144 / 8 * 8;
    /** PCM samples per channel that one AAC-LC access unit decodes to. */
    static final int FRAME_LENGTH = 1024;

    /**
     * @param src a file that starts with an MP4 box
     * @return the first sound track, or null when the file has none
     * @throws CorruptFileException when the boxes are malformed
     * @throws InvalidInputException when the sound track's codec is not AAC-LC
     */
    static Mp4AudioTrack find(ByteSource src) {
        Mp4Box moov = Mp4Box.find(src, 0, src.size(), "moov");
        if (moov == null) {
            throw new CorruptFileException(src.name() + " is an MP4/MOV file without a 'moov' box (truncated, or a"
                    + " fragment)");
        }
        long offset = moov.body();
        while (true) {
            Mp4Box trak = Mp4Box.find(src, offset, moov.end(), "trak");
            if (trak == null) {
                return null;
            }
            Mp4Box hdlr = trak.path(src, "mdia", "hdlr");
            if (hdlr != null && handler(src, hdlr).equals("soun")) {
                return parse(src, trak);
            }
            offset = trak.end();
        }
    }

    private static String handler(ByteSource src, Mp4Box hdlr) {
        byte[] b = hdlr.read(src, 12, 12);
        return new String(b, 8, 4, StandardCharsets.ISO_8859_1);
    }

    private static Mp4AudioTrack parse(ByteSource src, Mp4Box trak) {
        Mp4Box mdhd = trak.path(src, "mdia", "mdhd");
        Mp4Box stbl = trak.path(src, "mdia", "minf", "stbl");
        if (mdhd == null || stbl == null) {
            throw new CorruptFileException(src.name() + ": its sound track lacks the 'mdhd' or 'stbl' box");
        }
        byte[] h = mdhd.read(src, 24, 32);
        boolean v1 = h[0] == 1;
        if (v1 && h.length < 32) {
            throw Mp4Box.malformed(src, "mdhd", mdhd.start(), "a version-1 header needs 32 bytes");
        }
        long timescale = v1 ? Mp4Box.u32(h, 20) : Mp4Box.u32(h, 12);
        if (timescale == 0) {
            throw Mp4Box.malformed(src, "mdhd", mdhd.start(), "its timescale is 0");
        }
        byte[] config = AacConfig.fromSampleDescription(src, stbl);
        int[] sizes = sampleSizes(src, stbl);
        long[] offsets = sampleOffsets(src, stbl, sizes);
        Mp4Box elst = trak.path(src, "edts", "elst");
        long skip = elst == null ? 0 : firstMediaTime(src, elst);
        return new Mp4AudioTrack(config, offsets, sizes, timescale, skip);
    }

    /** @return the media time where the first non-empty edit starts, 0 when every edit is empty */
    private static long firstMediaTime(ByteSource src, Mp4Box elst) {
        byte[] head = elst.read(src, 8, 8);
        boolean v1 = head[0] == 1;
        int entry = v1 ? 20 : 12;
        long count = Mp4Box.u32(head, 4);
        if (count > (elst.bodySize() - 8) / entry) {
            throw Mp4Box.malformed(src, "elst", elst.start(), count + " entries do not fit its " + elst.bodySize()
                    + " bytes");
        }
        byte[] e = new byte[entry];
        for (long i = 0; i < count; i++) {
            src.readFully(elst.body() + 8 + i * entry, e, 0, entry);
            long mediaTime = v1 ? Mp4Box.s64(e, 8) : (int) Mp4Box.u32(e, 4);
            if (mediaTime >= 0) {
                return mediaTime;
            }
        }
        return 0;
    }

    private static int[] sampleSizes(ByteSource src, Mp4Box stbl) {
        Mp4Box stsz = require(src, stbl, "stsz");
        byte[] head = stsz.read(src, 12, 12);
        long constant = Mp4Box.u32(head, 4);
        long count = Mp4Box.u32(head, 8);
        if (count == 0) {
            throw new CorruptFileException(src.name() + ": its sound track has no samples");
        }
        if (count * FRAME_LENGTH > MonoAccumulator.MAX_SAMPLES) {
            throw new InvalidInputException(src.name() + ": its sound track has " + count + " access units, more"
                    + " than the " + MonoAccumulator.MAX_SAMPLES / FRAME_LENGTH + " supported (about 25 minutes)");
        }
        if (constant == 0 && count > (stsz.bodySize() - 12) / 4) {
            throw Mp4Box.malformed(src, "stsz", stsz.start(), count + " sample sizes do not fit its "
                    + stsz.bodySize() + " bytes");
        }
        int[] sizes = new int[(int) count];
        byte[] table = constant == 0 ? new byte[(int) count * 4] : null;
        if (table != null) {
            src.readFully(stsz.body() + 12, table, 0, table.length);
        }
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            long size = table == null ? constant : Mp4Box.u32(table, 4 * i);
            if (size < 1 || size > MAX_UNIT) {
                throw new CorruptFileException(src.name() + ": AAC access unit " + i + " declares " + size
                        + " bytes (an AAC-LC unit has 1 to " + MAX_UNIT + ")");
            }
            total += size;
            sizes[i] = (int) size;
        }
        if (total > src.size()) {
            throw new CorruptFileException(src.name() + ": its sound track's access units add up to " + total
                    + " bytes, more than the file's " + src.size());
        }
        return sizes;
    }

    private static long[] sampleOffsets(ByteSource src, Mp4Box stbl, int[] sizes) {
        long[] chunks = chunkOffsets(src, stbl);
        Mp4Box stsc = require(src, stbl, "stsc");
        byte[] head = stsc.read(src, 8, 8);
        long runs = Mp4Box.u32(head, 4);
        if (runs == 0 || runs > (stsc.bodySize() - 8) / 12) {
            throw Mp4Box.malformed(src, "stsc", stsc.start(), runs + " entries in " + stsc.bodySize() + " bytes");
        }
        byte[] table = new byte[(int) runs * 12];
        src.readFully(stsc.body() + 8, table, 0, table.length);
        long[] offsets = new long[sizes.length];
        int sample = 0;
        for (int run = 0; run < runs && sample < sizes.length; run++) {
            long first = Mp4Box.u32(table, run * 12);
            long perChunk = Mp4Box.u32(table, run * 12 + 4);
            long next = run + 1 < runs ? Mp4Box.u32(table, run * 12 + 12) : chunks.length + 1L;
            if (first < 1 || next <= first || perChunk == 0 || next > chunks.length + 1L) {
                throw Mp4Box.malformed(src, "stsc", stsc.start(), "entry " + run + " (first chunk " + first
                        + ", " + perChunk + " samples per chunk) does not follow the chunk table of "
                        + chunks.length + " chunks");
            }
            for (long chunk = first; chunk < next && sample < sizes.length; chunk++) {
                long at = chunks[(int) chunk - 1];
                for (long k = 0; k < perChunk && sample < sizes.length; k++) {
                    if (at < 0 || at > src.size() - sizes[sample]) {
                        throw new CorruptFileException(src.name() + ": AAC access unit " + sample + " (" + sizes[sample]
                                + " bytes at offset " + at + ") lies outside the file (" + src.size() + " bytes)");
                    }
                    offsets[sample] = at;
                    at += sizes[sample++];
                }
            }
        }
        if (sample < sizes.length) {
            throw new CorruptFileException(src.name() + ": its chunk tables place " + sample + " of the sound track's "
                    + sizes.length + " access units");
        }
        return offsets;
    }

    private static long[] chunkOffsets(ByteSource src, Mp4Box stbl) {
        Mp4Box box = stbl.child(src, "stco");
        int width = 4;
        if (box == null) {
            box = require(src, stbl, "co64");
            width = 8;
        }
        byte[] head = box.read(src, 8, 8);
        long count = Mp4Box.u32(head, 4);
        if (count > (box.bodySize() - 8) / width) {
            throw Mp4Box.malformed(src, box.type(), box.start(), count + " chunk offsets do not fit its "
                    + box.bodySize() + " bytes");
        }
        byte[] table = new byte[(int) count * width];
        src.readFully(box.body() + 8, table, 0, table.length);
        long[] chunks = new long[(int) count];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = width == 4 ? Mp4Box.u32(table, 4 * i) : Mp4Box.s64(table, 8 * i);
        }
        return chunks;
    }

    static Mp4Box require(ByteSource src, Mp4Box parent, String type) {
        Mp4Box box = parent.child(src, type);
        if (box == null) {
            throw new CorruptFileException(src.name() + ": its sound track lacks the '" + type + "' box");
        }
        return box;
    }
}
