/** The model inputs every TVLT model takes and the processor produces ({@link ai.tvlt.core.input.TvltInputs}). */
package ai.tvlt.core.input;
