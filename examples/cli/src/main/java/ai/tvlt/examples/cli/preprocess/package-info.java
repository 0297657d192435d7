/**
 * The raw inputs of {@code tvlt preprocess} (SPEC section 4): waveforms and video frames read from a
 * tensor file ({@link ai.tvlt.examples.cli.preprocess.TensorSources}), audio and video files decoded
 * into the same form ({@link ai.tvlt.processing.clip.MediaSources}), gathered in order in a
 * {@link ai.tvlt.examples.cli.preprocess.RawInputs} that becomes one
 * {@link ai.tvlt.processing.TvltProcessorRequest}.
 */
package ai.tvlt.examples.cli.preprocess;
