package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;

/**
 * How the masked-autoencoder branch masks audio tokens ({@code audio_mask_type}).
 *
 * <p>Difference from transformers v4.34: the reference's config check accepts only
 * {@code "frame-level"} and {@code "patch_level"}, while its masking code tests for
 * {@code "patch-level"}, so neither patch spelling works there. Here both {@code "patch-level"} and
 * {@code "patch_level"} mean patch-level masking.
 */
public enum AudioMaskType {
    /** One noise value per time row of patches, shared by all frequency patches of that row. */
    FRAME_LEVEL("frame-level"),
    /** One independent noise value per audio patch. */
    PATCH_LEVEL("patch-level");

    private final String jsonValue;

    AudioMaskType(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    /**
     * The value written to JSON.
     *
     * @return {@code "frame-level"} or {@code "patch-level"}
     */
    public String jsonValue() {
        return jsonValue;
    }

    /**
     * Parses a config value.
     *
     * @param value {@code "frame-level"}, {@code "patch-level"} or {@code "patch_level"}
     * @return the mask type
     * @throws ConfigException naming {@code audio_mask_type} for any other value
     */
    public static AudioMaskType fromJsonValue(String value) {
        if ("frame-level".equals(value)) {
            return FRAME_LEVEL;
        }
        if ("patch-level".equals(value) || "patch_level".equals(value)) {
            return PATCH_LEVEL;
        }
        throw new ConfigException("'audio_mask_type' must be \"frame-level\" or \"patch-level\" "
                + "(\"patch_level\" is also accepted), got " + (value == null ? "null" : "\"" + value + "\""));
    }
}
