package ai.tvlt.processing.image;

/**
 * One RGB frame handed to {@link TvltImageProcessor}: either 8-bit pixels ({@link RgbImage}, what decoders
 * produce) or float pixels already scaled to [0, 1] ({@link FloatImage}). A single image is a 1-frame video.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface VideoFrame permits RgbImage, FloatImage {

    /** @return the height in pixels (at least 1) */
    int height();

    /** @return the width in pixels (at least 1) */
    int width();
}
