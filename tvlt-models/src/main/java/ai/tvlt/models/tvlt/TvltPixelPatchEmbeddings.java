package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pixel patch projection ({@code pixel_embeddings.patch_embeddings.projection}): a Conv2d with
 * kernel = stride = the patch size, computed as one GEMM over the unfolded patches. A patch row holds
 * its values in the conv weight's (channel, row, column) order, so the [D, C, p, q] weight is used as a
 * [D, C*p*q] matrix. Patches are ordered frame-major, then patch row-major, as the reference flattens
 * them. Immutable and thread-safe.
 */
public final class TvltPixelPatchEmbeddings implements AutoCloseable {

    private final Linear projection;
    private final int channels;
    private final int patchH;
    private final int patchW;

    private TvltPixelPatchEmbeddings(Linear projection, int channels, int patchH, int patchW) {
        this.projection = projection;
        this.channels = channels;
        this.patchH = patchH;
        this.patchW = patchW;
    }

    /**
     * @param p binding at {@code pixel_embeddings.patch_embeddings.}
     * @param config the model config
     * @return the bound module
     */
    public static TvltPixelPatchEmbeddings bind(ParameterBinding p, TvltConfig config) {
        int d = config.hiddenSize();
        int c = config.numImageChannels();
        int ph = config.imagePatchSize()[0];
        int pw = config.imagePatchSize()[1];
        INDArray w = p.matrix("projection.weight", d, c * ph * pw, d, c, ph, pw);
        return new TvltPixelPatchEmbeddings(new Linear(w, p.floats("projection.bias", d)), c, ph, pw);
    }

    /** @return floats per unfolded patch, C*p*q */
    public int patchLength() {
        return channels * patchH * patchW;
    }

    /**
     * Unfolds {@code pixel_values} [B, T, C, H, W] into {@code patches} [B*T*P, C*p*q] and projects them
     * into {@code out} [B*T*P, D] (without the bias: see {@link #bias()}).
     *
     * @param pixels the validated pixel values
     * @param patches scratch for the unfolded patches
     * @param out projection output
     */
    public void forward(FloatTensor pixels, INDArray patches, INDArray out) {
        int frames = (int) (pixels.dim(0) * pixels.dim(1));
        int height = (int) pixels.dim(3);
        int width = (int) pixels.dim(4);
        int rowsPerFrame = height / patchH;
        int colsPerFrame = width / patchW;
        int perFrame = rowsPerFrame * colsPerFrame;
        NativeRows dst = NativeRows.of(patches);
        RowParallel.forEach(frames * perFrame, patchLength(), (from, to, row) -> {
            for (int r = from; r < to; r++) {
                int frame = r / perFrame;
                int patch = r % perFrame;
                int y0 = (patch / colsPerFrame) * patchH;
                int x0 = (patch % colsPerFrame) * patchW;
                int k = 0;
                for (int c = 0; c < channels; c++) {
                    int plane = (frame * channels + c) * height;
                    for (int i = 0; i < patchH; i++) {
                        int src = (plane + y0 + i) * width + x0;
                        for (int j = 0; j < patchW; j++) {
                            row[k++] = pixels.get(src + j);
                        }
                    }
                }
                dst.write(r, row);
            }
        });
        projection.projectPerSample(patches, out, (int) pixels.dim(0));
    }

    /** @return the conv bias, added by the embedding pass */
    public float[] bias() {
        return projection.bias();
    }

    @Override
    public void close() {
        projection.close();
    }
}
