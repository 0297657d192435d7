package ai.tvlt.examples.cli;

import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.testing.GoldenCase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expresses a golden processing case as {@code tvlt preprocess} arguments: the case's constructor (and,
 * for image cases, the call arguments the reference applies on top) as one flat {@code --config} JSON,
 * and its {@code input.*} tensors renamed to the {@code --tensors} names.
 */
final class PreprocessGoldenInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PILLOW_CODE = Pattern.compile("\\((\\d)\\)");

    private PreprocessGoldenInputs() {
    }

    /** A flat config of the audio constructor, with derived keys the command must ignore. */
    static ObjectNode audioConfig(JsonNode constructor) {
        ObjectNode config = constructor.deepCopy();
        config.put("feature_extractor_type", "TvltFeatureExtractor");
        config.put("freq_len", 1);
        config.put("hop_length", 1);
        return config;
    }

    /**
     * The image processor's effective settings: constructor, then the call arguments that override it
     * ({@code num_frames} as a call argument is ignored by the reference), in the JSON types of a
     * {@code preprocessor_config.json} (resample as Pillow's number, rescale_factor as a number).
     */
    static ObjectNode imageConfig(JsonNode constructor, JsonNode arguments) {
        ObjectNode config = constructor.deepCopy();
        if (arguments != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (config.has(e.getKey()) && !e.getKey().equals("num_frames")) {
                    config.set(e.getKey(), e.getValue());
                }
            }
        }
        Matcher m = PILLOW_CODE.matcher(config.get("resample").asText());
        if (m.find()) {
            config.put("resample", Integer.parseInt(m.group(1)));
        }
        JsonNode factor = config.get("rescale_factor");
        if (factor.isTextual()) {
            String[] parts = factor.asText().split("/");
            config.put("rescale_factor", Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]));
        }
        config.put("image_processor_type", "TvltImageProcessor");
        return config;
    }

    /** @return the reference's default image settings as a mutable JSON object */
    static ObjectNode defaultImageConfig() throws IOException {
        return (ObjectNode) JSON.readTree(TvltImageProcessorConfig.defaults().toJson());
    }

    /** Writes a config object as a file. */
    static Path write(ObjectNode config, Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
        return file;
    }

    /** Copies a case tensor under a new name, keeping its dtype and shape. */
    static void copy(GoldenCase c, String from, SafetensorsWriter to, String name) {
        DType dtype = c.file().info(from).dtype();
        long[] shape = c.shape(from);
        switch (dtype) {
            case F32 -> to.putFloats(name, shape, c.floats(from));
            case F64 -> to.putDoubles(name, shape, c.doubles(from));
            case U8 -> to.putBytes(name, DType.U8, shape, c.bytes(from));
            case I64 -> to.putLongs(name, shape, c.longs(from));
            default -> throw new IllegalArgumentException(from + " has dtype " + dtype);
        }
    }

    /**
     * The audio clips of a case as {@code waveform.<i>}: numbered keys as they are, a 1-D input as clip 0,
     * a 2-D input as one clip per row (the reference reads a 2-D array as a batch). Even clips get the
     * {@code input.} prefix, odd ones not, so both spellings are read.
     */
    static void waveforms(GoldenCase c, SafetensorsWriter to) {
        String single = c.has("input.waveform") ? "input.waveform" : c.has("input.audio") ? "input.audio" : null;
        if (single == null) {
            for (int i = 0; c.has("input.waveform." + i); i++) {
                copy(c, "input.waveform." + i, to, waveformName(i));
            }
            return;
        }
        long[] shape = c.shape(single);
        if (shape.length == 1) {
            copy(c, single, to, waveformName(0));
            return;
        }
        if (shape.length != 2 || c.file().info(single).dtype() != DType.F32) {
            throw new IllegalArgumentException(c + ": " + single + " is not expressible as waveform tensors");
        }
        float[] all = c.floats(single);
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        for (int r = 0; r < rows; r++) {
            float[] row = new float[cols];
            System.arraycopy(all, r * cols, row, 0, cols);
            to.putFloats(waveformName(r), new long[] {cols}, row);
        }
    }

    private static String waveformName(int i) {
        return (i % 2 == 0 ? "input." : "") + "waveform." + i;
    }

    /** The frames of a case as {@code video.0.frame.<f>} (or {@code video.<v>.frame.<f>} for batches). */
    static void frames(GoldenCase c, SafetensorsWriter to) {
        if (c.has("input.image")) {
            copy(c, "input.image", to, "video.0.frame.0");
        }
        for (int f = 0; c.has("input.frame." + f); f++) {
            copy(c, "input.frame." + f, to, "input.video.0.frame." + f);
        }
        for (int v = 0; c.has("input.video." + v + ".frame.0"); v++) {
            for (int f = 0; c.has("input.video." + v + ".frame." + f); f++) {
                copy(c, "input.video." + v + ".frame." + f, to, "video." + v + ".frame." + f);
            }
        }
    }
}
