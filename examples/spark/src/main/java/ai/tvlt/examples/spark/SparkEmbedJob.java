package ai.tvlt.examples.spark;

import ai.tvlt.models.pipeline.Pooling;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code spark-submit} entry point of the embedding job ({@link EmbedJob}): parses the options,
 * starts the session with the executors' thread settings ({@link TaskThreads#configure}), runs the job
 * and prints {@code rows=<n> failed=<m>}; {@link #main} stops the session at the end. See
 * examples/spark/README.md for the cluster settings.
 */
@Command(name = "tvlt-spark-embed", mixinStandardHelpOptions = true,
        description = {"Embed a table of clips (id, video, audio) with TVLT on Spark; write (id, vector, error) "
                + "rows to Parquet."},
        footer = {"", "Example:", "  spark-submit --class ai.tvlt.examples.spark.SparkEmbedJob --conf spark.task.cpus=2 \\",
                "    tvlt-spark.jar --input clips.csv --model /mnt/models/tvlt-base --output embeddings.parquet"})
public final class SparkEmbedJob implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "TABLE",
            description = "The clip table: columns id, video, audio (CSV with a header, Parquet or JSON lines).")
    private String input;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, parquet or json (default: from the input's extension).")
    private String format;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write the Parquet rows.")
    private String output;

    @Option(names = "--model", required = true, paramLabel = "DIR|ID",
            description = {"Checkpoint folder readable at this path on every executor, or a model id owner/name"
                    + "[@revision] already in the executors' Hugging Face cache (never downloaded by the job)."})
    private String model;

    @Option(names = "--hub-cache", paramLabel = "DIR",
            description = "The executors' Hugging Face cache (default: their HF_HUB_CACHE, HF_HOME or ~/.cache).")
    private String hubCache;

    @Option(names = "--pooling", paramLabel = "cls|mean", defaultValue = "cls",
            description = "last_hidden_state[:, 0] (cls, default) or the mean over the tokens (mean).")
    private String pooling;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "4",
            description = "Clips per padded batched forward (default ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Repartition the clips into N partitions (default: keep the input's).")
    private int partitions;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    private boolean overwrite;

    /**
     * Runs the job.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status;
        try {
            status = new CommandLine(new SparkEmbedJob()).execute(args);
        } finally {
            scala.Option<SparkSession> session = SparkSession.getDefaultSession();
            if (session.isDefined()) {
                session.get().stop();
            }
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() {
        JobSettings settings = new JobSettings(input,
                format == null ? InputFormat.fromPath(input) : InputFormat.parse(format),
                output, batchSize, partitions, overwrite);
        SparkConf conf = TaskThreads.configure(new SparkConf().setIfMissing("spark.app.name", "tvlt-embed"));
        EmbedderFactory factory = new TvltEmbedderFactory(model, Pooling.parse(pooling), batchSize, TaskThreads.taskCpus(conf),
                hubCache);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        EmbedJob.Summary summary = EmbedJob.run(spark, settings, factory);
        PrintWriter out = spec.commandLine().getOut();
        out.println("rows=" + summary.rows() + " failed=" + summary.failed());
        out.flush();
        return 0;
    }
}
