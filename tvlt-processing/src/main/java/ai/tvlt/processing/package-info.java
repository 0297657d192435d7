/**
 * Preprocessing for TVLT: {@link ai.tvlt.processing.TvltProcessor} combines the video part
 * ({@code ai.tvlt.processing.image}, {@code ai.tvlt.processing.video}) and the audio part
 * ({@code ai.tvlt.processing.audio}).
 */
package ai.tvlt.processing;
