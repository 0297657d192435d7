package ai.tvlt.models.tvlt;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * An in-memory {@link TensorStore} with the bare TvltModel's state-dict keys for a config, holding
 * seeded random F32 values (N(0, 0.02)-like uniform noise, LayerNorm weights near 1). Each tensor's
 * bytes are generated on request, so only one tensor's worth of heap is alive at a time. For timing
 * only (a copy of the benchmarks' RandomWeights, which this module cannot see): the outputs mean nothing.
 */
final class RandomBaseWeights implements TensorStore {

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final long seed;

    RandomBaseWeights(TvltConfig config, long seed) {
        this.seed = seed;
        int d = config.hiddenSize();
        int inter = config.intermediateSize();
        int[] ip = config.imagePatchSize();
        int[] ap = config.audioPatchSize();
        shapes.put("cls_embedding", new long[] {1, 1, d});
        shapes.put("pixel_embeddings.patch_embeddings.projection.weight",
                new long[] {d, config.numImageChannels(), ip[0], ip[1]});
        shapes.put("pixel_embeddings.patch_embeddings.projection.bias", new long[] {d});
        shapes.put("pixel_embeddings.pos_embed_v", new long[] {1, config.numPixelPatchesPerFrame(), d});
        shapes.put("pixel_embeddings.temporal_embed", new long[] {1, config.numFrames(), d});
        shapes.put("pixel_embeddings.type_embed_v", new long[] {1, 1, d});
        shapes.put("audio_embeddings.patch_embeddings.projection.weight",
                new long[] {d, config.numAudioChannels(), ap[0], ap[1]});
        shapes.put("audio_embeddings.patch_embeddings.projection.bias", new long[] {d});
        shapes.put("audio_embeddings.pos_embed_a", new long[] {1, config.maxAudioTimePatches(), d});
        shapes.put("audio_embeddings.freq_embed", new long[] {1, config.numFreqPatches(), d});
        shapes.put("audio_embeddings.type_embed_a", new long[] {1, 1, d});
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            putLayerShapes(shapes, "encoder.layer." + i + ".", d, inter);
        }
        if (!config.useMeanPooling()) {
            shapes.put("layernorm.weight", new long[] {d});
            shapes.put("layernorm.bias", new long[] {d});
        }
    }

    /**
     * Adds the state-dict keys of one pre-norm TvltLayer (encoder or decoder layer).
     *
     * @param shapes where to add them
     * @param l the layer's key prefix, ending with a dot
     * @param d hidden size
     * @param inter intermediate size
     */
    static void putLayerShapes(Map<String, long[]> shapes, String l, int d, int inter) {
        for (String m : new String[] {"query", "key", "value"}) {
            shapes.put(l + "attention.attention." + m + ".weight", new long[] {d, d});
            shapes.put(l + "attention.attention." + m + ".bias", new long[] {d});
        }
        shapes.put(l + "attention.output.dense.weight", new long[] {d, d});
        shapes.put(l + "attention.output.dense.bias", new long[] {d});
        shapes.put(l + "intermediate.dense.weight", new long[] {inter, d});
        shapes.put(l + "intermediate.dense.bias", new long[] {inter});
        shapes.put(l + "output.dense.weight", new long[] {d, inter});
        shapes.put(l + "output.dense.bias", new long[] {d});
        for (String n : new String[] {"layernorm_before", "layernorm_after"}) {
            shapes.put(l + n + ".weight", new long[] {d});
            shapes.put(l + n + ".bias", new long[] {d});
        }
    }

    @Override
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(shapes.keySet()));
    }

    @Override
    public TensorInfo info(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new InvalidInputException("no tensor " + name);
        }
        return new TensorInfo(name, DType.F32, shape, 0, TensorInfo.numel(shape) * 4);
    }

    @Override
    public ByteBuffer rawData(String name) {
        TensorInfo info = info(name);
        int n = (int) info.numel();
        ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
        float base = name.contains("layernorm") && name.endsWith(".weight") ? 1f : 0f;
        for (int i = 0; i < n; i++) {
            bytes.putFloat(base + (float) (random.nextDouble() - 0.5) * 0.07f);
        }
        bytes.flip();
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
