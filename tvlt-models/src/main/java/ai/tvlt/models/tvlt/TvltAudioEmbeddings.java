package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Audio token embeddings ({@code audio_embeddings}): the patch projection, then {@code freq_embed[f]},
 * {@code pos_embed_a[t]} and {@code type_embed_a} added in that order, in float32, as the reference adds
 * them. Shorter audio uses the leading rows of {@code pos_embed_a}. Immutable and thread-safe.
 */
public final class TvltAudioEmbeddings implements AutoCloseable {

    private final TvltAudioPatchEmbeddings patchEmbeddings;
    private final float[] typeEmbedA;
    private final float[] posEmbedA;
    private final float[] freqEmbed;
    private final int hidden;
    private final int freqPatches;

    private TvltAudioEmbeddings(TvltAudioPatchEmbeddings patchEmbeddings, float[] typeEmbedA, float[] posEmbedA,
            float[] freqEmbed, int hidden, int freqPatches) {
        this.patchEmbeddings = patchEmbeddings;
        this.typeEmbedA = typeEmbedA;
        this.posEmbedA = posEmbedA;
        this.freqEmbed = freqEmbed;
        this.hidden = hidden;
        this.freqPatches = freqPatches;
    }

    /**
     * @param p binding at {@code audio_embeddings.}
     * @param config the model config
     * @return the bound module
     */
    public static TvltAudioEmbeddings bind(ParameterBinding p, TvltConfig config) {
        int d = config.hiddenSize();
        int freqPatches = config.numFreqPatches();
        return new TvltAudioEmbeddings(
                TvltAudioPatchEmbeddings.bind(p.child("patch_embeddings."), config),
                p.floats("type_embed_a", 1, 1, d),
                p.floats("pos_embed_a", 1, config.maxAudioTimePatches(), d),
                p.floats("freq_embed", 1, freqPatches, d),
                d, freqPatches);
    }

    /** @return floats per unfolded patch */
    public int patchLength() {
        return patchEmbeddings.patchLength();
    }

    /**
     * Embeds every audio patch.
     *
     * @param audio validated {@code audio_values} [B, C, time, freq]
     * @param patches scratch [B*Pa, C*p*q]
     * @param out the embeddings [B*Pa, D]
     */
    public void forward(FloatTensor audio, INDArray patches, INDArray out) {
        patchEmbeddings.forward(audio, patches, out);
        int perSample = (int) (out.size(0) / audio.dim(0));
        float[] bias = patchEmbeddings.bias();
        NativeRows rows = NativeRows.of(out);
        RowParallel.forEach((int) out.size(0), hidden, (from, to, row) -> {
            for (int r = from; r < to; r++) {
                int patch = r % perSample;
                int f = patch % freqPatches;
                int t = patch / freqPatches;
                rows.read(r, row);
                for (int j = 0; j < hidden; j++) {
                    float v = row[j] + bias[j];
                    v += freqEmbed[f * hidden + j];
                    v += posEmbedA[t * hidden + j];
                    row[j] = v + typeEmbedA[j];
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
