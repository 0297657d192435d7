package ai.tvlt.processing.audio;

import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.weights.testing.GoldenCase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an audio golden case to the Java API: the extractor its {@code constructor} metadata describes, and
 * its {@code input.*} tensors as the Java clips that express the same call.
 */
final class AudioGoldenInputs {

    private AudioGoldenInputs() {
    }

    /** @return the extractor built from the case's {@code constructor} (or {@code constructor.feature_extractor}) */
    static TvltFeatureExtractor extractor(GoldenCase c) {
        JsonNode ctor = c.meta().get("constructor");
        if (ctor.has("feature_extractor")) {
            ctor = ctor.get("feature_extractor");
        }
        return new TvltFeatureExtractor(TvltFeatureExtractorConfig.fromJson(ctor.toString()));
    }

    /**
     * The clips of the call, float32 as HF saw them: F64 inputs rounded to float32 (HF casts lists and float64
     * arrays), I64 inputs (int16 arrays) as their integer values (HF does not normalise), a 2-D array as a
     * batch of its rows, numbered keys as a list.
     */
    static List<float[]> clips(GoldenCase c) {
        List<float[]> out = new ArrayList<>();
        String single = c.has("input.waveform") ? "input.waveform" : c.has("input.audio") ? "input.audio" : null;
        if (single != null) {
            long[] shape = c.shape(single);
            float[] all = floats(c, single);
            if (shape.length == 1) {
                out.add(all);
            } else if (shape.length == 2) {
                int rows = (int) shape[0];
                int cols = (int) shape[1];
                for (int r = 0; r < rows; r++) {
                    float[] row = new float[cols];
                    System.arraycopy(all, r * cols, row, 0, cols);
                    out.add(row);
                }
            } else {
                throw new IllegalArgumentException(c + ": rank " + shape.length + " input is not expressible");
            }
            return out;
        }
        for (int i = 0; c.has("input.waveform." + i); i++) {
            out.add(floats(c, "input.waveform." + i));
        }
        return out;
    }

    /** @return whether the single input is float64 (to be passed through the double[] overloads) */
    static boolean isFloat64(GoldenCase c, String key) {
        return c.file().info(key).dtype().name().equals("F64");
    }

    private static float[] floats(GoldenCase c, String key) {
        String dtype = c.file().info(key).dtype().name();
        switch (dtype) {
            case "F32":
                return c.floats(key);
            case "F64": {
                double[] d = c.doubles(key);
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                return f;
            }
            case "I64": {
                long[] l = c.longs(key);
                float[] f = new float[l.length];
                for (int i = 0; i < l.length; i++) {
                    f[i] = l[i];
                }
                return f;
            }
            default:
                throw new IllegalArgumentException(c + ": unexpected dtype " + dtype + " of " + key);
        }
    }

    /** @return the call's {@code sampling_rate} argument, or null when HF was called without one */
    static Integer samplingRate(GoldenCase c) {
        JsonNode sr = c.meta().get("arguments").get("sampling_rate");
        return sr == null || sr.isNull() ? null : sr.intValue();
    }
}
