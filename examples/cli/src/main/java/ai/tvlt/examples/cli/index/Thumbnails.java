package ai.tvlt.examples.cli.index;

import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.processing.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The picture of a clip in search results: the middle one of the frames the model sees (the video decoded
 * and sampled as for embedding), scaled down to fit {@link #MAX_SIDE} pixels, as a JPEG. Immutable and
 * thread-safe.
 */
public final class Thumbnails {

    /** The longest side of a thumbnail, in pixels; smaller frames keep their size. */
    public static final int MAX_SIDE = 160;

    private final MediaSources media;

    /**
     * @param media the decoding of the embedder (same frame sampling and decode deadline)
     */
    public Thumbnails(MediaSources media) {
        this.media = media;
    }

    /**
     * @param clip a clip
     * @return the JPEG bytes of its middle frame
     * @throws ai.tvlt.core.error.TvltException when its video cannot be decoded
     */
    public byte[] of(ClipSource clip) {
        List<RgbImage> frames = media.video(clip.video());
        return jpeg(frames.get(frames.size() / 2));
    }

    /**
     * @param frame a frame
     * @return the frame scaled to fit {@link #MAX_SIDE}, as JPEG bytes
     */
    public static byte[] jpeg(RgbImage frame) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(frame.width(), frame.height()));
        int width = Math.max(1, (int) Math.round(frame.width() * scale));
        int height = Math.max(1, (int) Math.round(frame.height() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(frame.toBufferedImage(), 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(small, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer installed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a thumbnail", e);
        }
        return out.toByteArray();
    }
}
