package ai.tvlt.examples.cli.infer;

import ai.tvlt.examples.cli.io.OutputWriter;

/** The output fields of one forward pass, ready to be written under the reference's names. */
@FunctionalInterface
public interface InferenceResult {

    /**
     * Adds every non-empty output field to the writer, named as the reference's output dataclass
     * field ({@code last_hidden_state}, {@code hidden_states.<i>}, {@code loss}, ...).
     *
     * @param out the writer of the {@code --out} file
     */
    void writeTo(OutputWriter out);
}
