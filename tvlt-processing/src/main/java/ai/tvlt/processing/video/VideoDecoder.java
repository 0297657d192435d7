package ai.tvlt.processing.video;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.Format;
import org.jcodec.common.JCodecUtil;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.demuxer.AbstractMP4DemuxerTrack;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.AWTUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes frames of video files in pure Java: JCodec 0.2.5's MP4 demuxer and H.264 macroblock decoding, driven
 * by {@link ConcealingH264Decoder}.
 *
 * <p>Supported: the MP4/MOV container (ISO BMFF) with H.264/AVC video, 8-bit 4:2:0, progressive, Baseline, Main
 * or High profile. Not supported (rejected with {@link InvalidInputException} naming the file and the codec,
 * container or feature): HEVC/H.265, VP8/VP9, AV1, MPEG-4 Part 2, MPEG-2, Motion JPEG and ProRes tracks, the
 * WebM/Matroska, AVI, MPEG-PS/TS and FLV containers, and interlaced, 10-bit or 4:2:2/4:4:4 H.264. Convert such
 * files first (e.g. to H.264 MP4) or pass the frames as images.
 *
 * <p>Frame indices are in presentation order (the container's composition times), as ffmpeg numbers frames.
 * Frames are converted from YUV to RGB by JCodec, cropped to the display size and rotated by the track's
 * orientation.
 *
 * <p>Damaged files: a slice that cannot be decoded keeps the previous picture's pixels where it failed, and the
 * frames after it are decoded as usual from the concealed picture, as ffmpeg conceals errors; a WARN log line
 * names the file and how many frames were affected. Only a file in which no frame decodes at all is refused
 * ({@link CorruptFileException}). Every decode has a deadline ({@link #DEFAULT_DECODE_TIMEOUT}, see
 * {@link #withDecodeTimeout}); when it passes, the decode stops in the calling thread with a
 * {@link CorruptFileException}, and no thread is left running.
 *
 * <p>Immutable and thread-safe (each call opens its own decoder and decodes in the calling thread).
 */
public final class VideoDecoder {

    /** Default limit of one frame's pixels: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Default time one decode call may take: 30 s. */
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_DECODE_TIMEOUT = Duration.ofDays(1);
    /** Sampled frames at most this far ahead are reached by decoding forward instead of seeking to a keyframe. */
    private static final int FORWARD_DECODE_LIMIT = 48;
    private static final String SUPPORTED = "JCodec decodes H.264 video in MP4/MOV files only";
    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoder.class);

    private static final VideoDecoder DEFAULT = new VideoDecoder(DEFAULT_MAX_PIXELS, DEFAULT_DECODE_TIMEOUT);

    private final long maxPixels;
    private final Duration decodeTimeout;

    private VideoDecoder(long maxPixels, Duration decodeTimeout) {
        this.maxPixels = maxPixels;
        this.decodeTimeout = decodeTimeout;
    }

    /** @return a decoder with {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_DECODE_TIMEOUT} */
    public static VideoDecoder defaults() {
        return DEFAULT;
    }

    /**
     * @param maxPixels the largest frame (width x height) accepted, at least 1 and at most
     *     {@link RgbImage#MAX_PIXELS}
     * @return a decoder with that limit and the default deadline
     */
    public static VideoDecoder withMaxPixels(long maxPixels) {
        if (maxPixels < 1 || maxPixels > RgbImage.MAX_PIXELS) {
            throw new InvalidInputException("maxPixels must be in 1.." + RgbImage.MAX_PIXELS + ", got " + maxPixels);
        }
        return new VideoDecoder(maxPixels, DEFAULT_DECODE_TIMEOUT);
    }

    /**
     * @param timeout the longest one call ({@link #probe}, {@link #sampleFrames}, {@link #decodeFrames}) may
     *     take, from 1 ms to 1 day
     * @return a decoder with this deadline and this decoder's pixel limit
     */
    public VideoDecoder withDecodeTimeout(Duration timeout) {
        if (timeout == null || timeout.compareTo(Duration.ofMillis(1)) < 0
                || timeout.compareTo(MAX_DECODE_TIMEOUT) > 0) {
            throw new InvalidInputException("decode timeout must be from 1 ms to 1 day, got " + timeout);
        }
        return new VideoDecoder(maxPixels, timeout);
    }

    /** @return the longest one decode call may take */
    public Duration decodeTimeout() {
        return decodeTimeout;
    }

    /**
     * Reads the container's description of the video track without decoding pictures.
     *
     * @param file a video file
     * @return codec, frame count, size and duration
     */
    public VideoInfo probe(Path file) {
        return withTrack(file, (track, deadline) -> info(file, track));
    }

    /**
     * Decodes {@code numFrames} frames spread uniformly over the clip ({@link FrameSampler#uniformIndices}); all
     * frames when the clip is shorter.
     *
     * @param file a video file
     * @param numFrames frames wanted, at least 1
     * @return the frames in time order
     */
    public List<RgbImage> sampleFrames(Path file, int numFrames) {
        if (numFrames < 1) {
            throw new InvalidInputException("numFrames must be at least 1, got " + numFrames);
        }
        return withTrack(file, (track, deadline) -> {
            VideoInfo info = info(file, track);
            return decode(file, track, FrameSampler.uniformIndices(info.frameCount(), numFrames), deadline);
        });
    }

    /**
     * Decodes the frames at the given indices.
     *
     * @param file a video file
     * @param indices strictly increasing frame indices (presentation order) within the clip
     * @return the frames, one per index
     */
    public List<RgbImage> decodeFrames(Path file, int... indices) {
        return withTrack(file, (track, deadline) -> {
            VideoInfo info = info(file, track);
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= info.frameCount() || (i > 0 && indices[i] <= indices[i - 1])) {
                    throw new InvalidInputException("frame indices must increase strictly within 0.."
                            + (info.frameCount() - 1) + " of video file " + file + ", got index " + indices[i]
                            + " at position " + i);
                }
            }
            return decode(file, track, indices, deadline);
        });
    }

    private interface TrackAction<T> {
        T apply(Mp4VideoTrack track, DecodeDeadline deadline) throws IOException;
    }

    private <T> T withTrack(Path file, TrackAction<T> action) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("video file " + file + (Files.isDirectory(file) ? " is a folder"
                    : " does not exist"));
        }
        DecodeDeadline deadline = DecodeDeadline.after(decodeTimeout);
        try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
            IsoBoxes.check(channel, file, deadline);
            channel.setPosition(0);
            Mp4VideoTrack track = open(file, channel);
            deadline.check();
            checkSize(file, track.meta());
            return action.apply(track, deadline);
        } catch (IOException e) {
            throw new CorruptFileException("cannot read video file " + file + ": " + e.getMessage(), e);
        } catch (DecodeDeadline.Exceeded e) {
            throw new CorruptFileException("decoding video file " + file + " did not finish within the limit of "
                    + decodeTimeout.toMillis() / 1000.0 + " s (VideoDecoder.withDecodeTimeout); the file is damaged,"
                    + " very long or very large", e);
        } catch (InvalidInputException | CorruptFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // JCodec reports malformed containers with unchecked exceptions from deep inside its parsers
            throw new CorruptFileException("video file " + file + " has a damaged MP4 structure that cannot be read",
                    e);
        } catch (OutOfMemoryError e) {
            throw new CorruptFileException("video file " + file + " needs more memory than available to decode", e);
        }
    }

    private static Mp4VideoTrack open(Path file, SeekableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(65536);
        channel.read(header);
        header.flip();
        Format format = JCodecUtil.detectFormatBuffer(header);
        if (format != Format.MOV) {
            throw new InvalidInputException("video file " + file + " is not a supported video ("
                    + (format == null ? "unrecognised container" : format + " container") + "); " + SUPPORTED);
        }
        channel.setPosition(0);
        MP4Demuxer demuxer;
        try {
            demuxer = MP4Demuxer.createRawMP4Demuxer(channel);
        } catch (RuntimeException e) {
            throw new CorruptFileException("video file " + file + " has a damaged MP4 structure that cannot be read",
                    e);
        }
        DemuxerTrack video = demuxer.getVideoTrack();
        if (!(video instanceof AbstractMP4DemuxerTrack mp4Track)) {
            throw new InvalidInputException("video file " + file + " has no video track");
        }
        Codec codec = mp4Track.getMeta().getCodec();
        if (codec != Codec.H264) {
            throw new InvalidInputException("video file " + file + " is not supported (" + (codec == null
                    ? "unknown codec '" + mp4Track.getFourcc() + "'" : codec + " video") + "); " + SUPPORTED);
        }
        try {
            return new Mp4VideoTrack(mp4Track, channel.size());
        } catch (IllegalStateException e) {
            throw new CorruptFileException("video file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private void checkSize(Path file, DemuxerTrackMeta meta) {
        Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
        if (size == null) {
            return;
        }
        long pixels = (long) size.getWidth() * size.getHeight();
        if (size.getWidth() < 1 || size.getHeight() < 1) {
            throw new CorruptFileException("video file " + file + " declares a zero-size picture (" + size.getWidth()
                    + "x" + size.getHeight() + ")");
        }
        if (pixels > maxPixels) {
            throw new InvalidInputException("video file " + file + " has " + size.getWidth() + "x" + size.getHeight()
                    + " frames, more than the limit of " + maxPixels + " pixels");
        }
    }

    private static VideoInfo info(Path file, Mp4VideoTrack track) {
        if (track.frameCount() <= 0) {
            throw new CorruptFileException("video file " + file + " has no video frames");
        }
        DemuxerTrackMeta meta = track.meta();
        Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
        return new VideoInfo(String.valueOf(meta.getCodec()), track.frameCount(), size == null ? 0 : size.getWidth(),
                size == null ? 0 : size.getHeight(), meta.getTotalDuration());
    }

    private ConcealingH264Decoder decoder(Path file, Mp4VideoTrack track) {
        ConcealingH264Decoder decoder;
        try {
            decoder = new ConcealingH264Decoder(track.spsList(), track.ppsList(), maxPixels);
        } catch (RuntimeException e) {
            throw new CorruptFileException("video file " + file + " has damaged H.264 parameter sets (SPS/PPS) in"
                    + " its avcC box, or a picture larger than the limit of " + maxPixels + " pixels", e);
        }
        List<PictureParameterSet> ppss = decoder.pictureParameterSets();
        for (SeqParameterSet sps : decoder.sequenceParameterSets()) {
            String unsupported = ConcealingH264Decoder.unsupportedFeature(sps, ppss.isEmpty() ? null : ppss.get(0));
            if (unsupported != null) {
                throw new InvalidInputException("video file " + file + " uses an H.264 feature JCodec does not"
                        + " decode: " + unsupported + "; convert it to 8-bit 4:2:0 progressive H.264");
            }
        }
        return decoder;
    }

    private List<RgbImage> decode(Path file, Mp4VideoTrack track, int[] displayIndices, DecodeDeadline deadline) {
        ConcealingH264Decoder decoder = decoder(file, track);
        int[] targets = Arrays.stream(displayIndices).map(track::decodeIndex).toArray();
        int[] ascending = targets.clone();
        Arrays.sort(ascending);
        RgbImage[] byTarget = new RgbImage[ascending.length];
        int decoded = 0;
        int damaged = 0;
        boolean started = false;
        for (int t = 0; t < ascending.length; t++) {
            int target = ascending[t];
            int key = track.keyframeAtOrBefore(target);
            if (!started && key > 0 || started && target - track.position() > FORWARD_DECODE_LIMIT
                    && key > track.position()) {
                track.seek(key);
            }
            started = true;
            while (track.position() <= target) {
                deadline.check();
                boolean isTarget = track.position() == target;
                Mp4VideoTrack.Sample sample = track.read();
                if (!isTarget && !isReference(sample)) {
                    continue; // nothing refers to it and it is not wanted
                }
                ConcealingH264Decoder.Outcome outcome = decoder.decode(sample.nalUnits(), deadline);
                decoded++;
                if (sample.damaged() || outcome == ConcealingH264Decoder.Outcome.CONCEALED) {
                    damaged++;
                }
                if (isTarget && decoder.hasPicture()) {
                    byTarget[t] = RgbImage.fromBufferedImage(
                            AWTUtil.toBufferedImage(decoder.picture(), track.meta().getOrientation()));
                }
            }
        }
        if (!decoder.hasPicture()) {
            throw new CorruptFileException("video file " + file + " has no decodable frame (the H.264 stream is"
                    + " damaged or missing)");
        }
        int missing = fillMissing(byTarget);
        if (damaged > 0 || missing > 0) {
            LOG.warn("video file {}: {} of {} decoded frames were damaged and concealed (undecodable parts show"
                    + " the previous picture){}", file, damaged, decoded, missing == 0 ? ""
                    : "; " + missing + " sampled frames could not be decoded at all and repeat a neighbour");
        }
        List<RgbImage> frames = new ArrayList<>(targets.length);
        for (int target : targets) {
            frames.add(byTarget[Arrays.binarySearch(ascending, target)]);
        }
        return frames;
    }

    /** Whether a sample holds a slice other pictures may refer to (nal_ref_idc != 0), or cannot be read. */
    private static boolean isReference(Mp4VideoTrack.Sample sample) {
        if (sample.damaged()) {
            return true;
        }
        for (ByteBuffer nal : sample.nalUnits()) {
            if (nal.hasRemaining()) {
                int header = nal.get(nal.position()) & 0xFF;
                int type = header & 0x1F;
                if ((type == 1 || type == 5) && (header & 0x60) != 0 || type == 7 || type == 8) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Gives each frame that could not be decoded its nearest earlier frame, else its nearest later one. */
    private static int fillMissing(RgbImage[] frames) {
        int missing = 0;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] == null) {
                missing++;
            }
        }
        for (int i = 1; i < frames.length; i++) {
            if (frames[i] == null) {
                frames[i] = frames[i - 1];
            }
        }
        for (int i = frames.length - 2; i >= 0; i--) {
            if (frames[i] == null) {
                frames[i] = frames[i + 1];
            }
        }
        return missing;
    }
}
