package ai.tvlt.examples.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's output: one row per input clip with the columns {@code id} (string), {@code vector}
 * ({@code array<float>}, null when the clip failed), {@code error} (string, null when it was embedded)
 * and {@code features}, the same vector as Spark ML's vector type (a dense
 * {@link org.apache.spark.ml.linalg.Vector} of doubles, null when the clip failed), ready for
 * {@code org.apache.spark.ml} estimators. Stateless.
 */
public final class EmbeddingTable {

    /** Column of the clip id. */
    public static final String ID = "id";
    /** Column of the embedding vector. */
    public static final String VECTOR = "vector";
    /** Column of the failure message. */
    public static final String ERROR = "error";
    /** Column of the embedding as Spark ML's vector type. */
    public static final String FEATURES = "features";

    private static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, true)
            .add(VECTOR, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(ERROR, DataTypes.StringType, true)
            .add(FEATURES, SQLDataTypes.VectorType(), true);

    private EmbeddingTable() {
    }

    /** @return the output schema */
    public static StructType schema() {
        return SCHEMA;
    }

    /**
     * @param result one clip's result
     * @return its output row
     */
    static Row row(ClipResult result) {
        return RowFactory.create(result.id(), result.vector(), result.error(), features(result.vector()));
    }

    private static Vector features(float[] vector) {
        if (vector == null) {
            return null;
        }
        double[] values = new double[vector.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = vector[i];
        }
        return Vectors.dense(values);
    }
}
