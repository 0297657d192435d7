package ai.tvlt.processing.video;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.SeekableDemuxerTrack;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;

/**
 * Decodes frames of video files in pure Java with JCodec 0.2.5.
 *
 * <p>Supported: the MP4/MOV container (ISO BMFF) with H.264/AVC video, 8-bit 4:2:0, progressive, as JCodec's
 * decoder supports it. Not supported (rejected with {@link InvalidInputException} naming the file and the
 * codec or container): HEVC/H.265, VP8/VP9, AV1, MPEG-4 Part 2, MPEG-2, Motion JPEG and ProRes tracks, and the
 * WebM/Matroska, AVI, MPEG-PS/TS and FLV containers. Convert such files first (e.g. to H.264 MP4) or pass the
 * frames as images.
 *
 * <p>Frames are converted from YUV to RGB by JCodec, cropped to the display size and rotated by the track's
 * orientation. They come in the decoder's output order: for streams with B-frames JCodec returns decode order,
 * so a sampled frame can be a neighbour (within the reorder depth, usually 1-2 frames) of the exact index.
 *
 * <p>Immutable and thread-safe (each call opens its own decoder).
 */
public final class VideoDecoder {

    /** Default limit of one frame's pixels: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Sampled frames at most this far ahead are reached by decoding forward instead of seeking. */
    private static final int FORWARD_DECODE_LIMIT = 48;
    private static final String SUPPORTED = "JCodec decodes H.264 video in MP4/MOV files only";

    private static final VideoDecoder DEFAULT = new VideoDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    private VideoDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** @return a decoder with {@link #DEFAULT_MAX_PIXELS} */
    public static VideoDecoder defaults() {
        return DEFAULT;
    }

    /**
     * @param maxPixels the largest frame (width x height) accepted, at least 1 and at most
     *     {@link RgbImage#MAX_PIXELS}
     * @return a decoder with that limit
     */
    public static VideoDecoder withMaxPixels(long maxPixels) {
        if (maxPixels < 1 || maxPixels > RgbImage.MAX_PIXELS) {
            throw new InvalidInputException("maxPixels must be in 1.." + RgbImage.MAX_PIXELS + ", got " + maxPixels);
        }
        return new VideoDecoder(maxPixels);
    }

    /**
     * Reads the container's description of the video track without decoding pictures.
     *
     * @param file a video file
     * @return codec, frame count, size and duration
     */
    public VideoInfo probe(Path file) {
        return withGrab(file, (grab, meta) -> info(file, meta, grab.getVideoTrack()));
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
        return withGrab(file, (grab, meta) -> {
            VideoInfo info = info(file, meta, grab.getVideoTrack());
            return decode(file, grab, meta, FrameSampler.uniformIndices(info.frameCount(), numFrames));
        });
    }

    /**
     * Decodes the frames at the given indices.
     *
     * @param file a video file
     * @param indices strictly increasing frame indices within the clip
     * @return the frames, one per index
     */
    public List<RgbImage> decodeFrames(Path file, int... indices) {
        return withGrab(file, (grab, meta) -> {
            VideoInfo info = info(file, meta, grab.getVideoTrack());
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= info.frameCount() || (i > 0 && indices[i] <= indices[i - 1])) {
                    throw new InvalidInputException("frame indices must increase strictly within 0.."
                            + (info.frameCount() - 1) + " of video file " + file + ", got index " + indices[i]
                            + " at position " + i);
                }
            }
            return decode(file, grab, meta, indices);
        });
    }

    private interface GrabAction<T> {
        T apply(FrameGrab grab, DemuxerTrackMeta meta) throws IOException, JCodecException;
    }

    private <T> T withGrab(Path file, GrabAction<T> action) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("video file " + file + (Files.isDirectory(file) ? " is a folder"
                    : " does not exist"));
        }
        try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
            IsoBoxes.check(channel, file);
            channel.setPosition(0);
            FrameGrab grab = open(file, channel);
            DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
            checkSize(file, meta);
            return action.apply(grab, meta);
        } catch (IOException | JCodecException e) {
            throw new CorruptFileException("cannot decode video file " + file + ": " + e.getMessage(), e);
        } catch (InvalidInputException | CorruptFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // JCodec reports damaged streams with unchecked exceptions from deep inside its parsers
            throw new CorruptFileException("cannot decode video file " + file + " (damaged or unsupported stream): "
                    + e, e);
        } catch (OutOfMemoryError e) {
            throw new CorruptFileException("video file " + file + " needs more memory than available to decode", e);
        }
    }

    private static FrameGrab open(Path file, SeekableByteChannel channel) throws IOException {
        try {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            if (grab.getVideoTrack() == null) {
                throw new InvalidInputException("video file " + file + " has no video track");
            }
            return grab;
        } catch (JCodecException e) {
            throw new InvalidInputException("video file " + file + " is not supported (" + e.getMessage() + "); "
                    + SUPPORTED, e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("video file " + file + " is not a supported video (" + e + "); "
                    + SUPPORTED, e);
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

    private static VideoInfo info(Path file, DemuxerTrackMeta meta, SeekableDemuxerTrack track) throws IOException {
        int frames = meta.getTotalFrames();
        if (frames <= 0) {
            frames = countFrames(track);
        }
        if (frames <= 0) {
            throw new CorruptFileException("video file " + file + " has no video frames");
        }
        Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
        return new VideoInfo(String.valueOf(meta.getCodec()), frames, size == null ? 0 : size.getWidth(),
                size == null ? 0 : size.getHeight(), meta.getTotalDuration());
    }

    /** Counts packets when the container does not state the frame count, then rewinds. */
    private static int countFrames(SeekableDemuxerTrack track) throws IOException {
        int count = 0;
        while (track.nextFrame() != null) {
            count++;
        }
        track.gotoFrame(0);
        return count;
    }

    private static List<RgbImage> decode(Path file, FrameGrab grab, DemuxerTrackMeta meta, int[] indices)
            throws IOException, JCodecException {
        List<RgbImage> frames = new ArrayList<>(indices.length);
        int next = 0; // index of the frame getNativeFrame() returns next
        for (int index : indices) {
            if (index < next || index - next > FORWARD_DECODE_LIMIT) {
                grab.seekToFramePrecise(index);
                next = index;
            }
            Picture picture = null;
            while (next <= index) {
                picture = grab.getNativeFrame();
                if (picture == null) {
                    throw new CorruptFileException("video file " + file + " ends at frame " + next + " although its"
                            + " container lists more frames (wanted frame " + index + ")");
                }
                next++;
            }
            frames.add(RgbImage.fromBufferedImage(AWTUtil.toBufferedImage(picture, meta.getOrientation())));
        }
        return frames;
    }
}
