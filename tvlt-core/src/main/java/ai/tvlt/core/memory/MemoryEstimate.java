package ai.tvlt.core.memory;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.ConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The memory a model needs at the sizes its {@link TvltConfig} sets, computed from the config alone so
 * that an impossible config is refused before anything is allocated: the weights (float32 once loaded)
 * and the working memory of one forward pass at the configured maximum input (batch 1, {@code num_frames}
 * frames and {@code spectrogram_length} rows, so {@code num_frames * patches + audio patches + 1} tokens),
 * each split into Java heap and native memory as the port lays them out (large matrices and the per-forward
 * workspace are native; embeddings, biases, inputs and outputs are on the heap). Sizes are multiplied in
 * double precision, so no product overflows.
 *
 * <p>It is an estimate (within some percent of what a load allocates); {@link #requireWithin} refuses a
 * config only when it clearly cannot fit, naming the key whose value makes it too large. Immutable.
 */
public final class MemoryEstimate {

    /** Which modules a load creates. */
    public enum Scope {
        /** {@code TvltModel}: embeddings, encoder, final LayerNorm. */
        MODEL,
        /** {@code TvltForAudioVisualClassification}: the model plus the classifier head. */
        CLASSIFICATION,
        /** {@code TvltForPreTraining}: the model, the matching head, the MAE decoder and its heads. */
        PRE_TRAINING,
        /** {@code TvltDecoder} alone. */
        DECODER
    }

    /** The score block of one attention lane, in floats (the port attends blocks of queries, never S x S). */
    private static final double SCORE_BLOCK_FLOATS = 1 << 21;
    private static final double FLOAT_BYTES = 4;

    /** The config keys that size an allocation, in the order a message prefers to blame them. */
    private static final String[] SIZE_KEYS = {"num_hidden_layers", "hidden_size", "intermediate_size",
        "decoder_num_hidden_layers", "decoder_hidden_size", "decoder_intermediate_size", "num_frames",
        "image_size", "spectrogram_length", "frequency_length", "num_image_channels", "num_audio_channels",
        "image_patch_size[0]", "image_patch_size[1]", "audio_patch_size[0]", "audio_patch_size[1]",
        "num_labels"};

    private final Map<String, Double> sizes;
    private final Scope scope;
    private final int lanes;
    private final Bytes bytes;

    private MemoryEstimate(Map<String, Double> sizes, Scope scope, int lanes) {
        this.sizes = sizes;
        this.scope = scope;
        this.lanes = lanes;
        this.bytes = estimate(sizes, scope, lanes);
    }

    /**
     * @param config the model config
     * @param scope the modules the load creates
     * @param lanes threads that each hold their own attention scratch (at least 1)
     * @return the estimate
     */
    public static MemoryEstimate of(TvltConfig config, Scope scope, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, got " + lanes);
        }
        return new MemoryEstimate(sizes(config), scope, lanes);
    }

    /** @return estimated bytes of weights on the Java heap */
    public double heapWeightBytes() {
        return bytes.heapWeights;
    }

    /** @return estimated bytes of weights in native memory */
    public double nativeWeightBytes() {
        return bytes.nativeWeights;
    }

    /** @return estimated heap bytes of one forward's inputs and outputs */
    public double heapWorkingBytes() {
        return bytes.heapWork;
    }

    /** @return estimated native bytes of one forward's workspace */
    public double nativeWorkingBytes() {
        return bytes.nativeWork;
    }

    /**
     * Refuses a config that cannot fit.
     *
     * @param limits what this process can allocate
     * @throws ConfigException one line naming the key whose value makes the model too large, the memory
     *     it needs and the limit it exceeds
     */
    public void requireWithin(MemoryLimits limits) {
        double heap = bytes.heapWeights + bytes.heapWork;
        double off = bytes.nativeWeights + bytes.nativeWork;
        if (off > limits.nativeBytes()) {
            throw refusal(true, off, bytes.nativeWeights, bytes.nativeWork, limits.nativeBytes());
        }
        if (heap > limits.heapBytes()) {
            throw refusal(false, heap, bytes.heapWeights, bytes.heapWork, limits.heapBytes());
        }
    }

    private ConfigException refusal(boolean nativeMemory, double total, double weights, double work, long limit) {
        String key = culprit(nativeMemory);
        return new ConfigException(String.format(Locale.ROOT,
                "config.json: %s=%d needs ~%s of %s (weights ~%s, working memory ~%s), more than the %s this JVM can use",
                key, (long) (double) sizes.get(key), MemoryLimits.format(total), nativeMemory ? "native memory" : "Java heap",
                MemoryLimits.format(weights), MemoryLimits.format(work), MemoryLimits.format(limit)));
    }

    /** The key whose reset to the reference default shrinks the exceeded memory the most. */
    private String culprit(boolean nativeMemory) {
        Map<String, Double> defaults = sizes(TvltConfig.defaults());
        String best = SIZE_KEYS[0];
        double bestTotal = Double.POSITIVE_INFINITY;
        for (String key : SIZE_KEYS) {
            Map<String, Double> trial = new LinkedHashMap<>(sizes);
            trial.put(key, defaults.get(key));
            Bytes b = estimate(trial, scope, lanes);
            double total = nativeMemory ? b.nativeWeights + b.nativeWork : b.heapWeights + b.heapWork;
            if (total < bestTotal) {
                bestTotal = total;
                best = key;
            }
        }
        return best;
    }

    private static Map<String, Double> sizes(TvltConfig c) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("num_hidden_layers", (double) c.numHiddenLayers());
        s.put("hidden_size", (double) c.hiddenSize());
        s.put("intermediate_size", (double) c.intermediateSize());
        s.put("decoder_num_hidden_layers", (double) c.decoderNumHiddenLayers());
        s.put("decoder_hidden_size", (double) c.decoderHiddenSize());
        s.put("decoder_intermediate_size", (double) c.decoderIntermediateSize());
        s.put("num_frames", (double) c.numFrames());
        s.put("image_size", (double) c.imageSize());
        s.put("spectrogram_length", (double) c.spectrogramLength());
        s.put("frequency_length", (double) c.frequencyLength());
        s.put("num_image_channels", (double) c.numImageChannels());
        s.put("num_audio_channels", (double) c.numAudioChannels());
        s.put("image_patch_size[0]", (double) c.imagePatchSize()[0]);
        s.put("image_patch_size[1]", (double) c.imagePatchSize()[1]);
        s.put("audio_patch_size[0]", (double) c.audioPatchSize()[0]);
        s.put("audio_patch_size[1]", (double) c.audioPatchSize()[1]);
        s.put("num_labels", (double) c.numLabels());
        return s;
    }

    /** Bytes by kind. */
    private record Bytes(double heapWeights, double nativeWeights, double heapWork, double nativeWork) {
    }

    private static Bytes estimate(Map<String, Double> s, Scope scope, int lanes) {
        double img = s.get("image_size");
        double c = s.get("num_image_channels");
        double ph = s.get("image_patch_size[0]");
        double pw = s.get("image_patch_size[1]");
        double frames = s.get("num_frames");
        double freqPatches = Math.floor(s.get("frequency_length") / s.get("audio_patch_size[1]"));
        double timePatches = Math.floor(s.get("spectrogram_length") / s.get("audio_patch_size[0]"));
        double patchesPerFrame = Math.floor(img / ph) * Math.floor(img / pw);
        double pixelTokens = frames * patchesPerFrame;
        double audioTokens = timePatches * freqPatches;
        double seq = pixelTokens + audioTokens + 1;
        double pixelPatch = c * ph * pw;
        double audioPatch = s.get("num_audio_channels") * s.get("audio_patch_size[0]") * s.get("audio_patch_size[1]");
        double embeddingRows = patchesPerFrame + frames + freqPatches + timePatches;
        double d = s.get("hidden_size");
        double inter = s.get("intermediate_size");
        double layers = s.get("num_hidden_layers");
        double dd = s.get("decoder_hidden_size");
        double di = s.get("decoder_intermediate_size");
        double dl = s.get("decoder_num_hidden_layers");

        double heapW = 0;
        double nativeW = 0;
        double heapWork = 0;
        double nativeWork = 0;
        if (scope != Scope.DECODER) {
            nativeW += d * (pixelPatch + audioPatch) + layers * layerMatrices(d, inter);
            heapW += (embeddingRows + 6) * d + layers * layerVectors(d, inter);
            nativeWork += pixelTokens * (pixelPatch + d) + audioTokens * (audioPatch + d) + layerWork(d, inter, seq, lanes);
            heapWork += frames * c * img * img + s.get("num_audio_channels") * s.get("spectrogram_length")
                    * s.get("frequency_length") + 3 * seq * d;
        }
        if (scope == Scope.PRE_TRAINING || scope == Scope.DECODER) {
            nativeW += dl * layerMatrices(dd, di);
            heapW += dl * layerVectors(dd, di) + 2 * dd;
            double longest = Math.max(pixelTokens, audioTokens);
            nativeWork += layerWork(dd, di, longest, lanes);
            heapWork += 2 * longest * dd;
        }
        if (scope == Scope.PRE_TRAINING) {
            nativeW += d * dd + dd * (ph * ph * c + audioPatch);
            heapW += (embeddingRows + 6) * dd + d + 1;
            nativeWork += layerWork(dd, di, Math.min(pixelTokens, audioTokens), lanes);
            heapWork += pixelTokens * pixelPatch + audioTokens * audioPatch + (pixelTokens + audioTokens) * dd;
        }
        if (scope == Scope.CLASSIFICATION) {
            double labels = s.get("num_labels");
            nativeW += 2 * d * d + 2 * d * labels;
            heapW += 6 * d + labels;
        }
        return new Bytes(FLOAT_BYTES * heapW, FLOAT_BYTES * nativeW, FLOAT_BYTES * heapWork, FLOAT_BYTES * nativeWork);
    }

    /** Query/key/value/output and the two MLP matrices of one layer. */
    private static double layerMatrices(double d, double inter) {
        return 4 * d * d + 2 * d * inter;
    }

    /** Biases and LayerNorm parameters of one layer. */
    private static double layerVectors(double d, double inter) {
        return inter + 9 * d;
    }

    /** Residual, LayerNorm output, fused q/k/v, context and MLP rows, plus each lane's score block. */
    private static double layerWork(double d, double inter, double rows, int lanes) {
        double blockRows = Math.min(rows, Math.max(1, Math.floor(SCORE_BLOCK_FLOATS / Math.max(1, rows))));
        return rows * (6 * d + inter) + lanes * Math.max(1, rows) * blockRows;
    }
}
