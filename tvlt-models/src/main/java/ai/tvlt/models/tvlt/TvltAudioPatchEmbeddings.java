package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.nn.Linear;
import ai.tvlt.models.nn.NativeRows;
import ai.tvlt.models.nn.RowParallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The audio patch projection ({@code audio_embeddings.patch_embeddings.projection}): a Conv2d with
 * kernel = stride = the patch size over the [C, time, freq] spectrogram, as one GEMM over unfolded
 * patches. Time rows that do not fill a whole patch are dropped, as the strided conv drops them. Patches
 * are ordered time-patch-major, then frequency patch. Immutable and thread-safe.
 */
public final class TvltAudioPatchEmbeddings implements AutoCloseable {

    private final Linear projection;
    private final int channels;
    private final int patchH;
    private final int patchW;

    private TvltAudioPatchEmbeddings(Linear projection, int channels, int patchH, int patchW) {
        this.projection = projection;
        this.channels = channels;
        this.patchH = patchH;
        this.patchW = patchW;
    }

    /**
     * @param p binding at {@code audio_embeddings.patch_embeddings.}
     * @param config the model config
     * @return the bound module
     */
    public static TvltAudioPatchEmbeddings bind(ParameterBinding p, TvltConfig config) {
        int d = config.hiddenSize();
        int c = config.numAudioChannels();
        int ph = config.audioPatchSize()[0];
        int pw = config.audioPatchSize()[1];
        INDArray w = p.matrix("projection.weight", d, c * ph * pw, d, c, ph, pw);
        return new TvltAudioPatchEmbeddings(new Linear(w, p.floats("projection.bias", d)), c, ph, pw);
    }

    /** @return floats per unfolded patch, C*p*q */
    public int patchLength() {
        return channels * patchH * patchW;
    }

    /**
     * Unfolds {@code audio_values} [B, C, time, freq] into {@code patches} [B*Pa, C*p*q] and projects them
     * into {@code out} [B*Pa, D] (without the bias).
     *
     * @param audio the validated audio values
     * @param patches scratch for the unfolded patches
     * @param out projection output
     */
    public void forward(FloatTensor audio, INDArray patches, INDArray out) {
        int batch = (int) audio.dim(0);
        int time = (int) audio.dim(2);
        int freq = (int) audio.dim(3);
        int timePatches = time / patchH;
        int freqPatches = freq / patchW;
        int perSample = timePatches * freqPatches;
        NativeRows dst = NativeRows.of(patches);
        RowParallel.forEach(batch * perSample, patchLength(), (from, to, row) -> {
            for (int r = from; r < to; r++) {
                int b = r / perSample;
                int patch = r % perSample;
                int t0 = (patch / freqPatches) * patchH;
                int f0 = (patch % freqPatches) * patchW;
                int k = 0;
                for (int c = 0; c < channels; c++) {
                    int plane = (b * channels + c) * time;
                    for (int i = 0; i < patchH; i++) {
                        int src = (plane + t0 + i) * freq + f0;
                        for (int j = 0; j < patchW; j++) {
                            row[k++] = audio.get(src + j);
                        }
                    }
                }
                dst.write(r, row);
            }
        });
        projection.projectPerSample(patches, out, batch);
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
