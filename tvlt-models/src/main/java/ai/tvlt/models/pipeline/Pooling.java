package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import java.util.Locale;

/**
 * How a clip's {@code last_hidden_state} [B, S, D] (tokens {@code [CLS, pixel..., audio...]}) becomes one
 * vector of size D.
 */
public enum Pooling {

    /**
     * {@code last_hidden_state[b, 0]}: the CLS token, exactly what {@code preprocess} followed by
     * {@code infer --task model} gives. The default.
     */
    CLS,

    /**
     * The mean of {@code last_hidden_state[b, s]} over the tokens whose attention mask is 1: the CLS token
     * (whose mask entry the reference copies from the first pixel token), the valid pixel tokens
     * ({@code pixel_mask} 1) and the valid audio tokens ({@code audio_mask} 1). Sums in double precision.
     */
    MEAN;

    /**
     * @param text {@code cls} or {@code mean}, case-insensitive
     * @return the pooling
     * @throws InvalidInputException for another value
     */
    public static Pooling parse(String text) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new InvalidInputException("unknown pooling '" + text + "'; expected cls or mean");
    }

    /** @return the lower-case name used on the command line */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Pools one row of a batch.
     *
     * @param lastHiddenState [B, S, D]
     * @param row the batch row b
     * @param tokenMask the attention mask of the row's S tokens, 1 for a token to keep (used by {@link #MEAN})
     * @return the vector of size D
     * @throws InvalidInputException when the mask does not have S entries or keeps no token
     */
    public float[] pool(FloatTensor lastHiddenState, int row, float[] tokenMask) {
        if (lastHiddenState.shape().length != 3) {
            throw new InvalidInputException("last_hidden_state must be [B, S, D], got rank "
                    + lastHiddenState.shape().length);
        }
        int tokens = (int) lastHiddenState.dim(1);
        int width = (int) lastHiddenState.dim(2);
        if (this == CLS) {
            return lastHiddenState.slice(row, 0);
        }
        int rowStart = row * tokens * width;
        float[] out = new float[width];
        if (tokenMask.length != tokens) {
            throw new InvalidInputException("the token mask has " + tokenMask.length + " entries but the sequence has "
                    + tokens + " tokens");
        }
        double[] sum = new double[width];
        int kept = 0;
        for (int s = 0; s < tokens; s++) {
            if (tokenMask[s] == 1f) {
                kept++;
                for (int d = 0; d < width; d++) {
                    sum[d] += lastHiddenState.get(rowStart + s * width + d);
                }
            }
        }
        if (kept == 0) {
            throw new InvalidInputException("mean pooling: no token has attention mask 1");
        }
        for (int d = 0; d < width; d++) {
            out[d] = (float) (sum[d] / kept);
        }
        return out;
    }
}
