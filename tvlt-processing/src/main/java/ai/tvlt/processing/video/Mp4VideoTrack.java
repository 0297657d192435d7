package ai.tvlt.processing.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.mp4.AvcCBox;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.CompositionOffsetsBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleSizesBox;
import org.jcodec.containers.mp4.boxes.SampleToChunkBox;
import org.jcodec.containers.mp4.boxes.TimeToSampleBox;
import org.jcodec.containers.mp4.boxes.TrakBox;
import org.jcodec.containers.mp4.boxes.VideoSampleEntry;
import org.jcodec.containers.mp4.demuxer.AbstractMP4DemuxerTrack;
import org.jcodec.common.model.Packet;

/**
 * The H.264 video track of an MP4/MOV file as raw samples (JCodec's demuxer without its packet conversion):
 * display order from the sample tables, keyframes, and each sample split into its NAL units by their length
 * prefixes, checked against the sample (a damaged prefix ends the sample instead of reading elsewhere). Sample
 * sizes and samples per chunk are checked first, so that JCodec's reads and seeks stay within the file. Not
 * thread-safe.
 */
final class Mp4VideoTrack {

    private final AbstractMP4DemuxerTrack track;
    private final AvcCBox avcC;
    private final DemuxerTrackMeta meta;
    private final int frameCount;
    private final int[] displayToDecode;
    private final int[] keyframes;
    private int next;

    /**
     * @param track the demuxer's video track (raw packets)
     * @param fileSize the file's length: no sample may be larger
     * @throws IllegalStateException when the track is not H.264 or its tables are inconsistent
     */
    Mp4VideoTrack(AbstractMP4DemuxerTrack track, long fileSize) {
        this.track = track;
        this.meta = track.getMeta();
        this.avcC = H264Utils.parseAVCC((VideoSampleEntry) track.getSampleEntries()[0]);
        if (avcC.getNalLengthSize() < 1 || avcC.getNalLengthSize() > 4) {
            throw new IllegalStateException("its avcC box declares " + avcC.getNalLengthSize() + "-byte NAL lengths");
        }
        TrakBox trak = track.getBox();
        SampleSizesBox stsz = NodeBox.findFirstPath(trak, SampleSizesBox.class, Box.path("mdia.minf.stbl.stsz"));
        int[] sizes = stsz.getSizes();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0 || sizes[i] > fileSize) {
                throw new IllegalStateException("its sample table lists sample " + i + " of " + Integer
                        .toUnsignedString(sizes[i]) + " bytes, more than the file holds");
            }
        }
        SampleToChunkBox stsc = NodeBox.findFirstPath(trak, SampleToChunkBox.class, Box.path("mdia.minf.stbl.stsc"));
        SampleToChunkBox.SampleToChunkEntry[] chunks = stsc.getSampleToChunk();
        for (int i = 0; i < chunks.length; i++) {
            // JCodec's seek subtracts this count until the frame is reached: 0 (or above 2^31-1) never gets there
            if (chunks[i].getCount() < 1) {
                throw new IllegalStateException("its sample-to-chunk table (stsc) gives " + Integer.toUnsignedString(
                        chunks[i].getCount()) + " samples per chunk in entry " + i);
            }
        }
        this.frameCount = sizes.length;
        this.displayToDecode = displayOrder(trak, frameCount);
        int[] seek = meta.getSeekFrames();
        this.keyframes = seek == null || seek.length == 0 ? new int[] {0} : seek;
    }

    /** @return frames in the track */
    int frameCount() {
        return frameCount;
    }

    /** @return the container's description of the track */
    DemuxerTrackMeta meta() {
        return meta;
    }

    /** @return SPS NAL units of the {@code avcC} box */
    List<ByteBuffer> spsList() {
        return avcC.getSpsList();
    }

    /** @return PPS NAL units of the {@code avcC} box */
    List<ByteBuffer> ppsList() {
        return avcC.getPpsList();
    }

    /**
     * @param displayIndex a frame's place in presentation order
     * @return its sample's place in decoding order
     */
    int decodeIndex(int displayIndex) {
        return displayToDecode[displayIndex];
    }

    /**
     * @param decodeIndex a sample
     * @return the last keyframe at or before it (0 when none is listed)
     */
    int keyframeAtOrBefore(int decodeIndex) {
        int key = 0;
        for (int k : keyframes) {
            if (k <= decodeIndex && k >= key) {
                key = k;
            }
        }
        return key;
    }

    /** @param decodeIndex the sample {@link #read} returns next */
    void seek(int decodeIndex) {
        track.gotoFrame(decodeIndex);
        next = decodeIndex;
    }

    /** @return the sample {@link #read} returns next */
    int position() {
        return next;
    }

    /**
     * One sample's NAL units.
     *
     * @param nalUnits the NAL units that could be split off, without length prefixes
     * @param damaged whether part or all of the sample was unreadable (a bad length prefix, or missing from a
     *     truncated file)
     */
    record Sample(List<ByteBuffer> nalUnits, boolean damaged) {
    }

    /**
     * Reads the next sample and moves on, also when it is missing or damaged.
     *
     * @return the sample
     */
    Sample read() {
        next++;
        Packet packet;
        try {
            packet = track.nextFrame();
        } catch (IOException | RuntimeException e) {
            packet = null;
        }
        if (packet == null || packet.getData() == null) {
            if (next < frameCount) {
                try {
                    track.gotoFrame(next);
                } catch (RuntimeException e) {
                    next = frameCount;
                }
            }
            return new Sample(List.of(), true);
        }
        return splitNalUnits(packet.getData(), avcC.getNalLengthSize());
    }

    /** @return the NAL units of one sample; stops at a length prefix that runs past the sample */
    private static Sample splitNalUnits(ByteBuffer sample, int lengthSize) {
        List<ByteBuffer> nals = new ArrayList<>();
        ByteBuffer in = sample.duplicate();
        while (in.remaining() > lengthSize) {
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = (length << 8) | (in.get() & 0xFF);
            }
            if (length == 0 || length > in.remaining()) {
                return new Sample(nals, true);
            }
            ByteBuffer nal = in.slice();
            nal.limit((int) length);
            nals.add(nal);
            in.position(in.position() + (int) length);
        }
        return new Sample(nals, in.hasRemaining());
    }

    /**
     * Presentation order from the decoding times (stts) and composition offsets (ctts); decoding order when the
     * track has no ctts box or its tables do not cover every sample.
     */
    private static int[] displayOrder(TrakBox trak, int count) {
        int[] identity = IntStream.range(0, count).toArray();
        CompositionOffsetsBox ctts = NodeBox.findFirstPath(trak, CompositionOffsetsBox.class,
                Box.path("mdia.minf.stbl.ctts"));
        TimeToSampleBox stts = NodeBox.findFirstPath(trak, TimeToSampleBox.class, Box.path("mdia.minf.stbl.stts"));
        if (ctts == null || stts == null) {
            return identity;
        }
        long[] pts = new long[count];
        int i = 0;
        long dts = 0;
        for (TimeToSampleBox.TimeToSampleEntry e : stts.getEntries()) {
            for (long n = 0; n < Integer.toUnsignedLong(e.getSampleCount()) && i < count; n++) {
                pts[i++] = dts;
                dts += e.getSampleDuration();
            }
        }
        if (i < count) {
            return identity;
        }
        i = 0;
        for (CompositionOffsetsBox.Entry e : ctts.getEntries()) {
            for (long n = 0; n < Integer.toUnsignedLong(e.getCount()) && i < count; n++) {
                pts[i++] += e.getOffset();
            }
        }
        if (i < count) {
            return identity;
        }
        Integer[] order = Arrays.stream(identity).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(k -> pts[k]).thenComparingInt(k -> k));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
