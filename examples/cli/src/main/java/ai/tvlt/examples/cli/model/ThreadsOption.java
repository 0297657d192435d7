package ai.tvlt.examples.cli.model;

import ai.tvlt.models.nn.Precision;
import ai.tvlt.models.tvlt.LoadOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads N} option of commands that run a model: how many threads a forward computes on
 * ({@link LoadOptions#threads()}). Without it the library's default applies: {@code OPENBLAS_NUM_THREADS}
 * or {@code OMP_NUM_THREADS} when set, else every core the JVM reports. {@code --verbose} logs the
 * count in use and the BLAS kernels. Use it as a picocli {@code @Mixin}.
 */
public final class ThreadsOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int threads;

    /**
     * @param n the value of {@code --threads}, at least 1
     */
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads a forward computes on (default: OPENBLAS_NUM_THREADS or OMP_NUM_THREADS when set,"
                    + " else every core the JVM reports).")
    void setThreads(int n) {
        if (n < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1, got " + n);
        }
        this.threads = n;
    }

    /**
     * @param precision the command's {@code --precision}
     * @return the model load options this flag and that precision ask for
     */
    public LoadOptions loadOptions(Precision precision) {
        LoadOptions.Builder options = LoadOptions.builder().precision(precision);
        if (threads != 0) {
            options.threads(threads);
        }
        return options.build();
    }
}
