/**
 * Tensor files of the command line: reading a command's input tensors with or without the
 * {@code input.} prefix ({@link ai.tvlt.examples.cli.io.TensorFileInputs}), writing its results with the
 * reference's names and dtypes ({@link ai.tvlt.examples.cli.io.OutputWriter}), and the natural name
 * order of frame folders and indexed tensor names ({@link ai.tvlt.examples.cli.io.NaturalOrder}).
 */
package ai.tvlt.examples.cli.io;
