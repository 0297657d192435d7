/**
 * Tensor files of the command line: reading a command's input tensors with or without the
 * {@code input.} prefix ({@link ai.tvlt.examples.cli.io.TensorFileInputs}), writing its results with the
 * reference's names and dtypes ({@link ai.tvlt.examples.cli.io.OutputWriter}). Indexed tensor names are
 * listed in {@link ai.tvlt.processing.image.NaturalNameOrder}, the order of frame folders.
 */
package ai.tvlt.examples.cli.io;
