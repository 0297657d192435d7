package ai.tvlt.models.tvlt;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native scratch arrays of one {@link TvltModel} forward for a fixed input shape: unfolded patches,
 * patch embeddings and the encoder's {@link LayerWorkspace}. Reused by later forwards of the same shape.
 * Used by one thread at a time.
 */
final class ModelWorkspace implements AutoCloseable {

    /**
     * The shape a workspace serves.
     *
     * @param batch B
     * @param pixelTokens pixel tokens per sample before masking
     * @param audioTokens audio tokens per sample before masking
     * @param seqLen encoder sequence length after masking
     */
    record Key(int batch, int pixelTokens, int audioTokens, int seqLen) {
    }

    private final Key key;
    final INDArray pixelPatches;
    final INDArray pixelEmbeddings;
    final INDArray audioPatches;
    final INDArray audioEmbeddings;
    final LayerWorkspace layers;

    ModelWorkspace(Key key, LayerDims dims, int pixelPatchLength, int audioPatchLength) {
        this.key = key;
        long pixelRows = (long) key.batch() * key.pixelTokens();
        long audioRows = (long) key.batch() * key.audioTokens();
        this.pixelPatches = Nd4j.create(DataType.FLOAT, pixelRows, pixelPatchLength);
        this.pixelEmbeddings = Nd4j.create(DataType.FLOAT, pixelRows, dims.hiddenSize());
        this.audioPatches = Nd4j.create(DataType.FLOAT, audioRows, audioPatchLength);
        this.audioEmbeddings = Nd4j.create(DataType.FLOAT, audioRows, dims.hiddenSize());
        this.layers = new LayerWorkspace(dims, key.batch(), key.seqLen());
    }

    Key key() {
        return key;
    }

    @Override
    public void close() {
        pixelPatches.close();
        pixelEmbeddings.close();
        audioPatches.close();
        audioEmbeddings.close();
        layers.close();
    }
}
