package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pixel token embeddings ({@code pixel_embeddings}): the patch projection, then {@code pos_embed_v[p]},
 * {@code temporal_embed[t]} and {@code type_embed_v} added in that order, in float32, as the reference
 * adds them. Fewer frames than {@code num_frames} use the leading rows of {@code temporal_embed}.
 * Immutable and thread-safe.
 */
public final class TvltPixelEmbeddings implements AutoCloseable {

    private final TvltPixelPatchEmbeddings patchEmbeddings;
    private final float[] typeEmbedV;
    private final float[] temporalEmbed;
    private final float[] posEmbedV;
    private final int hidden;
    private final int patchesPerFrame;

    private TvltPixelEmbeddings(TvltPixelPatchEmbeddings patchEmbeddings, float[] typeEmbedV, float[] temporalEmbed,
            float[] posEmbedV, int hidden, int patchesPerFrame) {
        this.patchEmbeddings = patchEmbeddings;
        this.typeEmbedV = typeEmbedV;
        this.temporalEmbed = temporalEmbed;
        this.posEmbedV = posEmbedV;
        this.hidden = hidden;
        this.patchesPerFrame = patchesPerFrame;
    }

    /**
     * @param p binding at {@code pixel_embeddings.}
     * @param config the model config
     * @return the bound module
     */
    public static TvltPixelEmbeddings bind(ParameterBinding p, TvltConfig config) {
        int d = config.hiddenSize();
        int perFrame = config.numPixelPatchesPerFrame();
        return new TvltPixelEmbeddings(
                TvltPixelPatchEmbeddings.bind(p.child("patch_embeddings."), config),
                p.floats("type_embed_v", 1, 1, d),
                p.floats("temporal_embed", 1, config.numFrames(), d),
                p.floats("pos_embed_v", 1, perFrame, d),
                d, perFrame);
    }

    /** @return floats per unfolded patch */
    public int patchLength() {
        return patchEmbeddings.patchLength();
    }

    /**
     * Embeds every pixel patch.
     *
     * @param pixels validated {@code pixel_values} [B, T, C, H, W]
     * @param patches scratch [B*T*P, C*p*q]
     * @param out the embeddings [B*T*P, D]
     */
    public void forward(FloatTensor pixels, INDArray patches, INDArray out) {
        patchEmbeddings.forward(pixels, patches, out);
        int frames = (int) pixels.dim(1);
        float[] bias = patchEmbeddings.bias();
        NativeRows rows = NativeRows.of(out);
        RowParallel.forEach((int) out.size(0), hidden, (from, to, row) -> {
            for (int r = from; r < to; r++) {
                int patch = r % patchesPerFrame;
                int frame = (r / patchesPerFrame) % frames;
                rows.read(r, row);
                for (int j = 0; j < hidden; j++) {
                    float v = row[j] + bias[j];
                    v += posEmbedV[patch * hidden + j];
                    v += temporalEmbed[frame * hidden + j];
                    row[j] = v + typeEmbedV[j];
                }
                rows.write(r, row);
            }
        });
    }

    @Override
    public void close() {
        patchEmbeddings.close();
    }
}
