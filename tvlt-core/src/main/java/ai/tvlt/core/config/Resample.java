package ai.tvlt.core.config;

import ai.tvlt.core.error.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Pillow's resampling filters, with Pillow's numbering as used by the {@code resample} key of
 * {@code preprocessor_config.json}.
 */
public enum Resample {
    /** 0: nearest neighbour. */
    NEAREST(0),
    /** 1: Lanczos (Pillow's old alias {@code ANTIALIAS}). */
    LANCZOS(1),
    /** 2: bilinear (alias {@code LINEAR}); the TVLT default. */
    BILINEAR(2),
    /** 3: bicubic (alias {@code CUBIC}). */
    BICUBIC(3),
    /** 4: box. */
    BOX(4),
    /** 5: Hamming. */
    HAMMING(5);

    private final int pillowCode;

    Resample(int pillowCode) {
        this.pillowCode = pillowCode;
    }

    /**
     * Pillow's number for this filter.
     *
     * @return 0..5
     */
    public int pillowCode() {
        return pillowCode;
    }

    /**
     * Looks a filter up by Pillow's number.
     *
     * @param code 0..5
     * @return the filter
     * @throws ConfigException naming {@code resample} for any other number
     */
    public static Resample fromPillowCode(int code) {
        for (Resample r : values()) {
            if (r.pillowCode == code) {
                return r;
            }
        }
        throw new ConfigException("'resample' must be a Pillow filter number 0..5, got " + code);
    }

    /**
     * Looks a filter up by name, ignoring case; Pillow's aliases {@code LINEAR}, {@code CUBIC} and
     * {@code ANTIALIAS} and a {@code PILImageResampling.} or {@code Resampling.} prefix are accepted.
     *
     * @param name for example {@code "bilinear"} or {@code "BICUBIC"}
     * @return the filter
     * @throws ConfigException naming {@code resample} for an unknown name
     */
    public static Resample fromName(String name) {
        if (name == null) {
            throw new ConfigException("'resample' must not be null");
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        n = n.substring(n.lastIndexOf('.') + 1);
        switch (n) {
            case "LINEAR":
                return BILINEAR;
            case "CUBIC":
                return BICUBIC;
            case "ANTIALIAS":
                return LANCZOS;
            default:
                break;
        }
        for (Resample r : values()) {
            if (r.name().equals(n)) {
                return r;
            }
        }
        throw new ConfigException("'resample' must be a Pillow filter name (nearest, lanczos, bilinear, "
                + "bicubic, box, hamming) or number 0..5, got \"" + name + "\"");
    }

    /**
     * Reads a JSON value: an integer (Pillow's number) or a string (a name, or a number as text).
     *
     * @param node the JSON value
     * @return the filter
     * @throws ConfigException naming {@code resample} for anything else
     */
    static Resample fromJson(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return fromPillowCode(node.intValue());
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            return t.matches("[0-9]{1,9}") ? fromPillowCode(Integer.parseInt(t)) : fromName(t);
        }
        throw ConfigNode.typeError("resample", "a Pillow filter number or name", node);
    }
}
