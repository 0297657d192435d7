package ai.tvlt.processing.video;

/**
 * What a video file's container says about its video track.
 *
 * @param codec the codec name as JCodec reports it (e.g. {@code H264})
 * @param frameCount number of frames in the track
 * @param width coded picture width in pixels (before any rotation)
 * @param height coded picture height in pixels (before any rotation)
 * @param durationSeconds track duration
 */
public record VideoInfo(String codec, int frameCount, int width, int height, double durationSeconds) {
}
