/**
 * Video input for TVLT: {@link ai.tvlt.processing.video.VideoDecoder} (MP4/MOV with H.264 through JCodec, in
 * pure Java), {@link ai.tvlt.processing.video.FrameSampler} (uniform frame indices) and
 * {@link ai.tvlt.processing.video.VideoLoader} (an image file, a folder of frames or a video file to the frame
 * list {@link ai.tvlt.processing.image.TvltImageProcessor} takes).
 */
package ai.tvlt.processing.video;
