/**
 * The tasks of {@code tvlt infer} (SPEC section 4): one {@link ai.tvlt.examples.cli.infer.InferenceTask}
 * per {@code --task} value, each reading its forward arguments from {@link ai.tvlt.examples.cli.infer.InferInputs}
 * and writing its output fields through an {@link ai.tvlt.examples.cli.infer.InferenceResult}.
 */
package ai.tvlt.examples.cli.infer;
