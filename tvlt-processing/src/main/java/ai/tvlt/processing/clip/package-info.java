/**
 * Clips as files: a clip is a video (an image file, a folder of frames or a video file) and its audio (a
 * WAV file); a clip folder holds a frames folder (or a video file) and one {@code .wav}, as
 * {@link ai.tvlt.processing.clip.SampleMedia} writes them ({@link ai.tvlt.processing.clip.ClipFolders}).
 * {@link ai.tvlt.processing.clip.MediaSources} decodes the files with the processor's sampling rate and
 * frame count, {@link ai.tvlt.processing.clip.MediaInputs} turns them into model inputs.
 */
package ai.tvlt.processing.clip;
