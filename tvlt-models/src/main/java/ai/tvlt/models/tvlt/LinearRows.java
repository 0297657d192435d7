package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a {@link Linear} (product in ND4J's BLAS, then the bias in float32) to rows held on the heap:
 * what the heads need for their few projections ({@code encoder_to_decoder}, the MAE heads, the pooler,
 * the classifier). The native input and output arrays live only for the call. Stateless.
 */
final class LinearRows {

    private LinearRows() {
    }

    /**
     * @param linear the layer
     * @param x [rows, in] row-major
     * @param rows number of rows (may be 0)
     * @return {@code x W^T + b}, [rows, out] row-major
     */
    static float[] apply(Linear linear, float[] x, int rows) {
        int in = linear.inFeatures();
        int out = linear.outFeatures();
        float[] y = new float[Math.multiplyExact(rows, out)];
        if (rows == 0) {
            return y;
        }
        try (INDArray input = Nd4j.create(x, new long[] {rows, in}, 'c');
                INDArray output = Nd4j.create(DataType.FLOAT, rows, out)) {
            linear.project(input, output);
            output.data().asNioFloat().get(0, y);
        }
        float[] bias = linear.bias();
        for (int r = 0; r < rows; r++) {
            int base = r * out;
            for (int j = 0; j < out; j++) {
                y[base + j] += bias[j];
            }
        }
        return y;
    }
}
