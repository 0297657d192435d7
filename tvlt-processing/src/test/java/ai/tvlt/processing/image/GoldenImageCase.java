package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;
import ai.tvlt.core.config.SizeDict;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.weights.testing.GoldenCase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a golden image case to the Java API: the processor from the case's constructor arguments overridden by
 * its call arguments (how the reference's {@code preprocess(**kwargs)} applies them), and the input tensors to
 * frames.
 */
final class GoldenImageCase {

    private static final Pattern PILLOW_ID = Pattern.compile("\\((\\d)\\)");

    private GoldenImageCase() {
    }

    static GoldenCase open(String id) {
        return GoldenCase.open("processing/" + id + ".safetensors");
    }

    /** The effective settings: constructor arguments, then the call arguments the processor accepts. */
    static JsonNode settings(GoldenCase c, String constructorKey) {
        JsonNode ctor = c.meta().get("constructor");
        if (constructorKey != null) {
            ctor = ctor.get(constructorKey);
        }
        ObjectNode merged = ctor.deepCopy();
        JsonNode args = c.meta().get("arguments");
        if (args != null && constructorKey == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // num_frames as a call argument is ignored by the reference (the constructor's value counts)
                if (merged.has(e.getKey()) && !e.getKey().equals("num_frames")) {
                    merged.set(e.getKey(), e.getValue());
                }
            }
        }
        return merged;
    }

    static TvltImageProcessor processor(GoldenCase c) {
        return processor(settings(c, null));
    }

    /** Through {@link TvltImageProcessorConfig}, as a {@code preprocessor_config.json} would be read. */
    static TvltImageProcessor processor(JsonNode s) {
        Map<String, Integer> size = new LinkedHashMap<>();
        s.get("size").fields().forEachRemaining(e -> size.put(e.getKey(), e.getValue().asInt()));
        TvltImageProcessorConfig config = TvltImageProcessorConfig.builder()
                .doResize(s.get("do_resize").asBoolean())
                .size(SizeDict.of(size))
                .numFrames(s.get("num_frames").asInt())
                .patchSize(s.get("patch_size").get(0).asInt(), s.get("patch_size").get(1).asInt())
                .resample(resample(s.get("resample").asText()))
                .doCenterCrop(s.get("do_center_crop").asBoolean())
                .cropSize(SizeDict.ofHeightWidth(s.get("crop_size").get("height").asInt(),
                        s.get("crop_size").get("width").asInt()))
                .doRescale(s.get("do_rescale").asBoolean())
                .rescaleFactor(rescaleFactor(s.get("rescale_factor")))
                .doNormalize(s.get("do_normalize").asBoolean())
                .imageMean(doubles(s.get("image_mean")))
                .imageStd(doubles(s.get("image_std")))
                .build();
        return TvltImageProcessor.fromConfig(config);
    }

    private static Resample resample(String text) {
        Matcher m = PILLOW_ID.matcher(text);
        return m.find() ? Resample.fromPillowCode(Integer.parseInt(m.group(1))) : Resample.fromName(text);
    }

    private static double rescaleFactor(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        String[] parts = n.asText().split("/");
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    /** One input tensor as a frame: U8 -> RgbImage, F32 -> FloatImage, channel layout inferred. */
    static VideoFrame frame(GoldenCase c, String key) {
        long[] shape = c.shape(key);
        String dtype = c.file().info(key).dtype().name();
        return switch (dtype) {
            case "U8" -> RgbImage.fromArray(c.bytes(key), shape);
            case "F32", "F64" -> FloatImage.fromArray(c.floats(key), shape);
            default -> throw new IllegalArgumentException(key + " has dtype " + dtype);
        };
    }

    /** {@code <prefix>.frame.<i>} for i = 0, 1, ... */
    static List<VideoFrame> video(GoldenCase c, String prefix) {
        List<VideoFrame> frames = new ArrayList<>();
        for (int i = 0; c.has(prefix + ".frame." + i); i++) {
            frames.add(frame(c, prefix + ".frame." + i));
        }
        return frames;
    }

    /** {@code input.video.<v>.frame.<f>} */
    static List<List<VideoFrame>> batch(GoldenCase c) {
        List<List<VideoFrame>> videos = new ArrayList<>();
        for (int v = 0; c.has("input.video." + v + ".frame.0"); v++) {
            videos.add(video(c, "input.video." + v));
        }
        return videos;
    }

    /** Widens unsigned bytes for exact comparison. */
    static double[] unsigned(byte[] bytes) {
        double[] out = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    static long[] hwc(RgbImage image) {
        return new long[] {image.height(), image.width(), 3};
    }
}
