package ai.tvlt.examples.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.weights.TensorStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime (CPU) running the reference encoder graph that {@code reference/export_onnx.py} exports: the
 * peer of the Java encoder in the side-by-side benchmark. Inputs {@code pixel_values}, {@code audio_values},
 * {@code pixel_mask}, {@code audio_mask}; output {@code last_hidden_state} (and the pixel/audio slices).
 *
 * <p>Benchmark-only: the library never depends on ONNX Runtime. Not thread-safe (one caller at a time).
 */
public final class OrtEncoder implements AutoCloseable {

    private static final String[] INPUTS = {"pixel_values", "audio_values", "pixel_mask", "audio_mask"};

    private final OrtEnvironment env;
    private final OrtSession session;

    /**
     * @param graph the exported {@code .onnx} file
     * @param threads intra-op threads (the benchmark uses one per core, as ORT's default does)
     * @throws OrtException when ONNX Runtime cannot load the graph
     */
    public OrtEncoder(Path graph, int threads) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(graph.toString(), options);
        }
    }

    /**
     * Reads the four inputs of a tensor file, with or without the {@code input.} prefix (a golden case file
     * or a {@code make_base_case.py} file); an absent mask becomes all ones, which the reference's extended
     * mask turns into adding zero, i.e. what the reference computes without a mask.
     *
     * @param store the tensor file
     * @param config the checkpoint's configuration (patch counts of the default masks)
     * @return the inputs by name, in graph order
     */
    public static Map<String, FloatTensor> readInputs(TensorStore store, TvltConfig config) {
        int patchesPerFrame = config.numPixelPatchesPerFrame();
        int freqPatches = config.numFreqPatches();
        int timePatch = config.audioPatchSize()[0];
        Map<String, FloatTensor> inputs = new LinkedHashMap<>();
        for (String name : INPUTS) {
            String key = store.contains(name) ? name : "input." + name;
            if (store.contains(key)) {
                inputs.put(name, FloatTensor.wrap(store.readFloats(key), store.info(key).shape()));
            }
        }
        FloatTensor pixels = required(inputs, "pixel_values");
        FloatTensor audio = required(inputs, "audio_values");
        inputs.computeIfAbsent("pixel_mask", k -> ones(pixels.dim(0), pixels.dim(1) * patchesPerFrame));
        inputs.computeIfAbsent("audio_mask", k -> ones(audio.dim(0), audio.dim(2) / timePatch * freqPatches));
        return inputs;
    }

    private static FloatTensor required(Map<String, FloatTensor> inputs, String name) {
        FloatTensor t = inputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the input file has no '" + name + "' (nor 'input." + name + "')");
        }
        return t;
    }

    private static FloatTensor ones(long batch, long tokens) {
        float[] values = new float[Math.toIntExact(batch * tokens)];
        Arrays.fill(values, 1f);
        return FloatTensor.wrap(values, batch, tokens);
    }

    /**
     * Inputs converted once to ONNX Runtime tensors, so that timed runs measure only the forward.
     *
     * @param inputs {@link #readInputs} result
     * @return the prepared inputs; close them after use
     * @throws OrtException when ONNX Runtime refuses a tensor
     */
    public Prepared prepare(Map<String, FloatTensor> inputs) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> e : inputs.entrySet()) {
                tensors.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                        e.getValue().shape()));
            }
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
        return new Prepared(tensors);
    }

    /**
     * One forward.
     *
     * @param inputs prepared inputs
     * @return {@code last_hidden_state}
     * @throws OrtException when the run fails
     */
    public FloatTensor lastHiddenState(Prepared inputs) throws OrtException {
        try (OrtSession.Result result = session.run(inputs.tensors)) {
            OnnxValue value = result.get("last_hidden_state").orElseThrow(
                    () -> new IllegalStateException("the graph has no output 'last_hidden_state'"));
            OnnxTensor tensor = (OnnxTensor) value;
            FloatBuffer buffer = tensor.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            return FloatTensor.wrap(data, tensor.getInfo().getShape());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /** Inputs held as ONNX Runtime tensors (native memory): close after use. */
    public static final class Prepared implements AutoCloseable {
        private final Map<String, OnnxTensor> tensors;

        private Prepared(Map<String, OnnxTensor> tensors) {
            this.tensors = tensors;
        }

        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
        }
    }
}
