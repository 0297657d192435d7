/**
 * Distributed batch embedding on Apache Spark: {@link ai.tvlt.examples.spark.SparkEmbedJob} (the
 * {@code spark-submit} entry point) reads a table of clips, embeds them with {@code mapPartitions}
 * through one model per executor JVM ({@link ai.tvlt.examples.spark.ExecutorModels}) and writes
 * {@code (id, vector, error)} rows to Parquet. The clip-to-vector path is the one of {@code tvlt embed}
 * ({@link ai.tvlt.examples.spark.TvltBatchEmbedder}); Spark is a {@code provided} dependency of this
 * module only.
 */
package ai.tvlt.examples.spark;
