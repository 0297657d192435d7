/**
 * Synthetic sample media for the examples and tests: short videos of moving shapes and speech-like
 * WAV clips, generated deterministically per clip id so nothing depends on a download.
 */
package ai.tvlt.examples.cli.samples;
