package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;

/**
 * The loss of {@code TvltForAudioVisualClassification} ({@code loss_type}).
 *
 * <p>Difference from transformers v4.34: the reference silently computes no loss for any other
 * value; here other values are rejected when the config is built.
 */
public enum LossType {
    /** Cross-entropy (mean) over integer class labels of shape [B]. */
    CLASSIFICATION("classification"),
    /** Mean squared error against float labels shaped like the logits. */
    REGRESSION("regression");

    private final String jsonValue;

    LossType(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    /**
     * The value written to JSON.
     *
     * @return {@code "classification"} or {@code "regression"}
     */
    public String jsonValue() {
        return jsonValue;
    }

    /**
     * Parses a config value.
     *
     * @param value {@code "classification"} or {@code "regression"}
     * @return the loss type
     * @throws ConfigException naming {@code loss_type} for any other value
     */
    public static LossType fromJsonValue(String value) {
        for (LossType t : values()) {
            if (t.jsonValue.equals(value)) {
                return t;
            }
        }
        throw new ConfigException("'loss_type' must be \"classification\" or \"regression\", got "
                + (value == null ? "null" : "\"" + value + "\""));
    }
}
