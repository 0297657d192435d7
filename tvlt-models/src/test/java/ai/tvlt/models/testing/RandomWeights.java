package ai.tvlt.models.testing;

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
 * and native-stack checks only: the outputs mean nothing.
 *
 * <p>A test fixture, shipped in tvlt-models' test-jar (only this package) for the tests here and the
 * benchmarks; not part of the library's API.
 */
public final class RandomWeights implements TensorStore {

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final long seed;

    /**
     * @param config the model's sizes
     * @param seed the seed of every tensor's values (each tensor also mixes in its name)
     */
    public RandomWeights(TvltConfig config, long seed) {
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
    public static void putLayerShapes(Map<String, long[]> shapes, String l, int d, int inter) {
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
        return f32Info(shapes, name);
    }

    /**
     * @param shapes tensor shapes by name
     * @param name the tensor asked for
     * @return its F32 description, as if stored alone
     * @throws InvalidInputException when {@code shapes} has no such tensor
     */
    public static TensorInfo f32Info(Map<String, long[]> shapes, String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new InvalidInputException("no tensor " + name);
        }
        return new TensorInfo(name, DType.F32, shape, 0, TensorInfo.numel(shape) * 4);
    }

    @Override
    public ByteBuffer rawData(String name) {
        return seededValues(name, info(name).numel(), seed,
                name.contains("layernorm") && name.endsWith(".weight"));
    }

    /**
     * One tensor's seeded values: uniform noise of width 0.07 around 0, or around 1 for a norm's scale.
     *
     * @param name the tensor's name, mixed into the seed
     * @param numel how many F32 values
     * @param seed the store's seed
     * @param nearOne whether the values lie around 1 (LayerNorm and BatchNorm weights) instead of 0
     * @return the little-endian F32 bytes, read-only
     */
    public static ByteBuffer seededValues(String name, long numel, long seed, boolean nearOne) {
        int n = Math.toIntExact(numel);
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
        float base = nearOne ? 1f : 0f;
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
