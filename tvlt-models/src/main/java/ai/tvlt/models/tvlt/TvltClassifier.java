package ai.tvlt.models.tvlt;

import ai.tvlt.models.nn.Gelu;
import ai.tvlt.models.nn.LayerNorm;
import ai.tvlt.models.nn.Linear;

/**
 * The audio-visual classification head ({@code classifier}, an {@code nn.Sequential}):
 * {@code classifier.0} Linear(H, 2H), {@code classifier.1} LayerNorm(2H, layer_norm_eps), exact GELU,
 * {@code classifier.3} Linear(2H, num_labels), applied to the CLS row {@code last_hidden_state[:, 0]}.
 * Immutable and thread-safe.
 */
public final class TvltClassifier implements AutoCloseable {

    private final Linear dense;
    private final LayerNorm norm;
    private final Linear out;

    private TvltClassifier(Linear dense, LayerNorm norm, Linear out) {
        this.dense = dense;
        this.norm = norm;
        this.out = out;
    }

    /**
     * @param p binding at {@code classifier.}
     * @param hiddenSize H
     * @param numLabels {@code num_labels}
     * @param layerNormEps {@code layer_norm_eps}
     * @return the bound head
     */
    public static TvltClassifier bind(ParameterBinding p, int hiddenSize, int numLabels, double layerNormEps) {
        int wide = 2 * hiddenSize;
        try (PartialLoad load = new PartialLoad()) {
            Linear dense = load.track(new Linear(p.matrix("0.weight", wide, hiddenSize), p.floats("0.bias", wide)));
            LayerNorm norm = new LayerNorm(p.floats("1.weight", wide), p.floats("1.bias", wide), layerNormEps);
            Linear out = load.track(new Linear(p.matrix("3.weight", numLabels, wide), p.floats("3.bias", numLabels)));
            return load.complete(new TvltClassifier(dense, norm, out));
        }
    }

    /** @return {@code num_labels} */
    public int numLabels() {
        return out.outFeatures();
    }

    /**
     * @param clsRows {@code last_hidden_state[:, 0]} [B, H] row-major
     * @param batch B
     * @return the logits [B, num_labels]
     */
    public float[] forward(float[] clsRows, int batch) {
        float[] hidden = LinearRows.apply(dense, clsRows, batch);
        int wide = dense.outFeatures();
        float[] row = new float[wide];
        float[] noBias = new float[wide];
        float[] workT = new float[wide];
        float[] workE = new float[wide];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(hidden, b * wide, row, 0, wide);
            norm.normalize(row, row);
            Gelu.biasGeluInPlace(row, noBias, wide, workT, workE);
            System.arraycopy(row, 0, hidden, b * wide, wide);
        }
        return LinearRows.apply(out, hidden, batch);
    }

    @Override
    public void close() {
        dense.close();
        out.close();
    }
}
