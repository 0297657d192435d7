package ai.tvlt.examples.cli.heads;

import ai.tvlt.core.error.InvalidInputException;

/**
 * The geometry of the {@code tvlt reconstruct} picture ({@link ReconstructionGrid}): a label column on the
 * left, then {@link #FRAME_ROWS} rows of frames (original, masked, reconstructed; frames side by side
 * with {@link #GAP} pixels between them) and {@link #SPECTROGRAM_ROWS} rows of spectrograms (original,
 * masked, reconstructed; time to the right, frequency up), every row {@link #GAP} pixels apart, the whole
 * inside a {@link #MARGIN}. Every picture is enlarged {@code scale} times (nearest neighbour):
 * <pre>
 * width  = 2*MARGIN + LABEL_WIDTH + max(frames*(frameWidth*scale) + (frames-1)*GAP, time*scale)
 * height = 2*MARGIN + 3*frameHeight*scale + 3*freq*scale + 5*GAP
 * </pre>
 * Immutable.
 *
 * @param frames frames per row (T)
 * @param frameWidth frame width in pixels (image_size)
 * @param frameHeight frame height in pixels (image_size)
 * @param time spectrogram time rows drawn (whole patches)
 * @param freq spectrogram frequency bins (frequency_length)
 * @param scale enlargement factor, 1 to {@link #MAX_SCALE}
 */
public record GridLayout(int frames, int frameWidth, int frameHeight, int time, int freq, int scale) {

    /** Empty border around the picture, in pixels. */
    public static final int MARGIN = 4;
    /** Space between rows and between the frames of a row, in pixels. */
    public static final int GAP = 4;
    /** Width of the label column, in pixels. */
    public static final int LABEL_WIDTH = 130;
    /** Rows of frames: original, masked, reconstructed. */
    public static final int FRAME_ROWS = 3;
    /** Rows of spectrograms: original, masked, reconstructed. */
    public static final int SPECTROGRAM_ROWS = 3;
    /** The largest {@code --scale}. */
    public static final int MAX_SCALE = 16;

    /** Checks the sizes. */
    public GridLayout {
        if (frames < 1 || frameWidth < 1 || frameHeight < 1 || time < 1 || freq < 1) {
            throw new InvalidInputException("nothing to draw: " + frames + " frames of " + frameWidth + "x"
                    + frameHeight + ", spectrogram of " + time + "x" + freq);
        }
        checkScale(scale);
    }

    /**
     * @param scale an enlargement factor
     * @return it, when it is 1 to {@link #MAX_SCALE}
     * @throws InvalidInputException otherwise
     */
    public static int checkScale(int scale) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new InvalidInputException("--scale must be between 1 and " + MAX_SCALE + ", got " + scale);
        }
        return scale;
    }

    /** @return the picture's width in pixels */
    public int width() {
        return 2 * MARGIN + LABEL_WIDTH + Math.max(frameRowWidth(), time * scale);
    }

    /** @return the picture's height in pixels */
    public int height() {
        return 2 * MARGIN + FRAME_ROWS * frameHeight * scale + SPECTROGRAM_ROWS * freq * scale
                + (FRAME_ROWS + SPECTROGRAM_ROWS - 1) * GAP;
    }

    /** @return the left edge of the pictures (right of the label column) */
    public int contentLeft() {
        return MARGIN + LABEL_WIDTH;
    }

    /**
     * @param frame frame index
     * @return the left edge of that frame in every frame row
     */
    public int frameLeft(int frame) {
        return contentLeft() + frame * (frameWidth * scale + GAP);
    }

    /**
     * @param row 0 original, 1 masked, 2 reconstructed
     * @return the top edge of that frame row
     */
    public int frameRowTop(int row) {
        return MARGIN + row * (frameHeight * scale + GAP);
    }

    /**
     * @param row 0 original, 1 masked, 2 reconstructed
     * @return the top edge of that spectrogram row
     */
    public int spectrogramRowTop(int row) {
        return frameRowTop(FRAME_ROWS) + row * (freq * scale + GAP);
    }

    private int frameRowWidth() {
        return frames * frameWidth * scale + (frames - 1) * GAP;
    }
}
