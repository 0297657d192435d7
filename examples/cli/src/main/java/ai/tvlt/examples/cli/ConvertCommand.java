package ai.tvlt.examples.cli;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.torch.TorchToSafetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt convert IN.bin OUT.safetensors}: converts a PyTorch checkpoint ({@code pytorch_model.bin},
 * read without executing pickle code) to safetensors with {@link TorchToSafetensors}, streaming the
 * weights, and prints how many tensors were written.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a PyTorch checkpoint (pytorch_model.bin) to safetensors: same names, dtypes,"
                + " shapes and bytes, as safetensors.torch.save_file(torch.load(IN)) would write."},
        footer = {"", "Prints 'converted <N> tensors: IN -> OUT'.", "", "Example:",
            "  tvlt convert model/pytorch_model.bin model/model.safetensors"})
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.bin", description = "The PyTorch checkpoint (zip format of torch.save).")
    private Path in;

    @Parameters(index = "1", paramLabel = "OUT.safetensors", description = "The safetensors file to write.")
    private Path out;

    @Option(names = "--force", description = "Replace OUT when it exists.")
    private boolean force;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(in)) {
            throw new InvalidInputException(Files.isDirectory(in) ? in + " is a folder; give the pytorch_model.bin file"
                    : "no such file: " + in);
        }
        if (Files.exists(out)) {
            if (isSameFile(in, out)) {
                throw new InvalidInputException("the output " + out + " is the input; choose another file name");
            }
            if (!force) {
                throw new InvalidInputException(out + " already exists; pass --force to replace it");
            }
        }
        int tensors = TorchToSafetensors.convert(in, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("converted " + tensors + " tensors: " + in + " -> " + out);
        stdout.flush();
        return 0;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + a + " and " + b, e);
        }
    }
}
