package ai.tvlt.examples.benchmarks;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.models.testing.RandomWeights;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An in-memory {@link TensorStore} with the state-dict keys of a head class ({@code TvltForPreTraining}
 * or {@code TvltForAudioVisualClassification}) for a config: the encoder's keys of {@link RandomWeights}
 * under {@code tvlt.} plus the head's own, all seeded random F32 generated on request. For timing only.
 */
final class HeadRandomWeights implements TensorStore {

    /** Which head's keys to add. */
    enum Head { PRETRAINING, CLASSIFICATION }

    private static final String ENCODER = "tvlt.";

    private final RandomWeights encoder;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final long seed;

    HeadRandomWeights(TvltConfig config, Head head, long seed) {
        this.encoder = new RandomWeights(config, seed);
        this.seed = seed;
        if (head == Head.PRETRAINING) {
            addPreTraining(config);
        } else {
            int h = config.hiddenSize();
            shapes.put("classifier.0.weight", new long[] {2L * h, h});
            shapes.put("classifier.0.bias", new long[] {2L * h});
            shapes.put("classifier.1.weight", new long[] {2L * h});
            shapes.put("classifier.1.bias", new long[] {2L * h});
            shapes.put("classifier.3.weight", new long[] {config.numLabels(), 2L * h});
            shapes.put("classifier.3.bias", new long[] {config.numLabels()});
        }
    }

    private void addPreTraining(TvltConfig c) {
        int h = c.hiddenSize();
        int dd = c.decoderHiddenSize();
        int inter = c.decoderIntermediateSize();
        shapes.put("matching_head.pooler.dense.weight", new long[] {h, h});
        shapes.put("matching_head.pooler.dense.bias", new long[] {h});
        shapes.put("matching_head.fc.weight", new long[] {1, h});
        shapes.put("matching_head.fc.bias", new long[] {1});
        shapes.put("encoder_to_decoder.weight", new long[] {dd, h});
        shapes.put("encoder_to_decoder.bias", new long[] {dd});
        for (String token : new String[] {"pixel_mask_token", "audio_mask_token", "decoder_pixel_type_embed",
            "decoder_audio_type_embed"}) {
            shapes.put(token, new long[] {1, 1, dd});
        }
        shapes.put("decoder_pixel_pos_embed", new long[] {1, c.numPixelPatchesPerFrame(), dd});
        shapes.put("decoder_temporal_embed", new long[] {1, c.numFrames(), dd});
        shapes.put("decoder_audio_pos_embed", new long[] {1, c.maxAudioTimePatches(), dd});
        shapes.put("decoder_freq_embed", new long[] {1, c.numFreqPatches(), dd});
        for (int i = 0; i < c.decoderNumHiddenLayers(); i++) {
            RandomWeights.putLayerShapes(shapes, "decoder.decoder_layers." + i + ".", dd, inter);
        }
        shapes.put("decoder.layernorm.weight", new long[] {dd});
        shapes.put("decoder.layernorm.bias", new long[] {dd});
        int[] ip = c.imagePatchSize();
        int[] ap = c.audioPatchSize();
        shapes.put("pixel_mae_head.decoder.weight", new long[] {(long) ip[0] * ip[0] * c.numImageChannels(), dd});
        shapes.put("pixel_mae_head.decoder.bias", new long[] {(long) ip[0] * ip[0] * c.numImageChannels()});
        shapes.put("audio_mae_head.decoder.weight", new long[] {(long) ap[0] * ap[1] * c.numAudioChannels(), dd});
        shapes.put("audio_mae_head.decoder.bias", new long[] {(long) ap[0] * ap[1] * c.numAudioChannels()});
    }

    @Override
    public SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>(shapes.keySet());
        encoder.names().forEach(n -> names.add(ENCODER + n));
        return Collections.unmodifiableSortedSet(names);
    }

    @Override
    public TensorInfo info(String name) {
        if (name.startsWith(ENCODER)) {
            TensorInfo inner = encoder.info(name.substring(ENCODER.length()));
            return new TensorInfo(name, inner.dtype(), inner.shape(), inner.begin(), inner.end());
        }
        return RandomWeights.f32Info(shapes, name);
    }

    @Override
    public ByteBuffer rawData(String name) {
        if (name.startsWith(ENCODER)) {
            return encoder.rawData(name.substring(ENCODER.length()));
        }
        boolean norm = (name.contains("layernorm") || name.equals("classifier.1.weight")) && name.endsWith(".weight");
        return RandomWeights.seededValues(name, info(name).numel(), seed, norm);
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
