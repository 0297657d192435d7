package ai.tvlt.processing.image;

import ai.tvlt.core.error.InvalidInputException;
import java.util.Arrays;

/** Where the channel axis of a 3-D image array sits. */
public enum ChannelLayout {
    /** {@code [C, H, W]}. */
    CHANNELS_FIRST,
    /** {@code [H, W, C]}. */
    CHANNELS_LAST;

    /**
     * Infers the layout as the reference ({@code infer_channel_dimension_format}) does: channels-first when the
     * first axis has 1 or 3 entries, else channels-last when the last axis has, else an error.
     *
     * @param argument the array's name, for messages
     * @param shape the array's shape; must be 3-D
     * @return the layout
     * @throws InvalidInputException for another rank or when neither end axis has 1 or 3 entries (RGBA
     *     arrays included: the alpha channel of an array is never guessed away)
     */
    public static ChannelLayout infer(String argument, long[] shape) {
        checkRank3(argument, shape);
        if (shape[0] == 1 || shape[0] == 3) {
            return CHANNELS_FIRST;
        }
        if (shape[2] == 1 || shape[2] == 3) {
            return CHANNELS_LAST;
        }
        throw new InvalidInputException(argument + ": unable to infer channel dimension format of shape "
                + Arrays.toString(shape) + ": expected 1 (grey) or 3 (RGB) channels on the first or last axis"
                + (shape[2] == 4 || shape[0] == 4 ? "; RGBA arrays are not accepted, drop the alpha channel" : ""));
    }

    static void checkRank3(String argument, long[] shape) {
        if (shape.length != 3) {
            throw new InvalidInputException(argument + ": expected a 3-D image array [H, W, C] or [C, H, W], got shape "
                    + Arrays.toString(shape)
                    + (shape.length == 2 ? " (a 2-D grey array: add a channel axis of size 1)" : ""));
        }
    }

    /** @return the index of the channel axis in a 3-D shape */
    int channelAxis() {
        return this == CHANNELS_FIRST ? 0 : 2;
    }
}
