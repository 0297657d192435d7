/**
 * Image and video-frame preprocessing for TVLT: {@link ai.tvlt.processing.image.TvltImageProcessor} (resize,
 * centre crop, rescale, normalise into {@code pixel_values} and {@code pixel_mask}), the Pillow-exact resampler
 * {@link ai.tvlt.processing.image.PillowResampler}, the frame types {@link ai.tvlt.processing.image.RgbImage}
 * and {@link ai.tvlt.processing.image.FloatImage}, and {@link ai.tvlt.processing.image.ImageDecoder} (image files
 * through ImageIO with the TwelveMonkeys plugins).
 */
package ai.tvlt.processing.image;
