package ai.tvlt.examples.cli.heads;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.pipeline.Reconstruction;
import ai.tvlt.models.reconstruction.FrameDenormalizer;
import ai.tvlt.models.reconstruction.SpectrogramImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a {@link Reconstruction} as one picture laid out by {@link GridLayout}: rows of frames (original,
 * masked with the dropped patches filled {@link #DROPPED_FRAME_PATCH grey}, reconstructed) and rows of
 * spectrograms (original, masked with the dropped patches filled {@link #DROPPED_AUDIO_PATCH blue}, since
 * the spectrogram itself is grey, reconstructed), each row labelled on the left. Frames are turned back
 * into pixel levels with the processor's mean/std/rescale ({@link FrameDenormalizer}); spectrograms are
 * drawn with {@link SpectrogramImage} (-1 black, +1 white, highest frequency at the top). The label text
 * needs a font; where the JVM has none, the picture is drawn without labels (logged as a warning).
 *
 * <p>Uses java.awt off-screen images only: run with {@code java.awt.headless=true} on a server. Immutable
 * and thread-safe.
 */
public final class ReconstructionGrid {

    /** Fill of a dropped frame patch in the masked row. */
    public static final Color DROPPED_FRAME_PATCH = new Color(128, 128, 128);
    /** Fill of a dropped spectrogram patch in the masked row. */
    public static final Color DROPPED_AUDIO_PATCH = new Color(60, 100, 200);
    /** Picture background. */
    public static final Color BACKGROUND = Color.WHITE;
    /** The row labels, top to bottom. */
    public static final List<String> ROW_LABELS = List.of("original", "masked", "reconstructed", "spectrogram",
            "spectrogram masked", "spectrogram reconstr.");

    private static final Logger LOG = LoggerFactory.getLogger(ReconstructionGrid.class);

    private final FrameDenormalizer denormalizer;
    private final int scale;

    /**
     * @param imageConfig the image processor settings the frames were preprocessed with
     * @param scale enlargement of every picture, 1 to {@link GridLayout#MAX_SCALE}
     */
    public ReconstructionGrid(TvltImageProcessorConfig imageConfig, int scale) {
        this.denormalizer = FrameDenormalizer.of(Objects.requireNonNull(imageConfig, "imageConfig"));
        this.scale = GridLayout.checkScale(scale);
    }

    /**
     * @param r a reconstruction
     * @return where everything goes for it
     */
    public GridLayout layout(Reconstruction r) {
        long[] pixels = r.input().pixelValues().shape();
        long[] audio = r.input().audioValues().shape();
        return new GridLayout((int) pixels[1], (int) pixels[4], (int) pixels[3], (int) audio[2], (int) audio[3], scale);
    }

    /**
     * @param r a reconstruction
     * @return the picture (TYPE_INT_RGB)
     */
    public BufferedImage render(Reconstruction r) {
        GridLayout layout = layout(r);
        BufferedImage canvas = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            drawFrames(g, layout, r);
            drawSpectrograms(g, layout, r);
            drawLabels(g, layout);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /**
     * Writes a picture as PNG, creating the parent folders when needed.
     *
     * @param image the picture
     * @param file destination (replaced when it exists)
     * @throws UncheckedIOException when writing fails
     */
    public static void writePng(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void drawFrames(Graphics2D g, GridLayout layout, Reconstruction r) {
        FloatTensor original = denormalizer.denormalize(r.input().pixelValues());
        FloatTensor reconstructed = denormalizer.denormalize(r.reconstructedFrames());
        int[] patch = r.config().imagePatchSize();
        int rows = layout.frameHeight() / patch[0];
        int cols = layout.frameWidth() / patch[1];
        FloatTensor dropped = r.pixelLabelMasks();
        for (int t = 0; t < layout.frames(); t++) {
            BufferedImage frame = frameImage(original, t);
            int x = layout.frameLeft(t);
            draw(g, frame, x, layout.frameRowTop(0));
            draw(g, frame, x, layout.frameRowTop(1));
            g.setColor(DROPPED_FRAME_PATCH);
            for (int p = 0; p < rows * cols; p++) {
                if (dropped.get(t * rows * cols + p) == 1f) {
                    g.fillRect(x + (p % cols) * patch[1] * scale, layout.frameRowTop(1) + (p / cols) * patch[0] * scale,
                            patch[1] * scale, patch[0] * scale);
                }
            }
            draw(g, frameImage(reconstructed, t), x, layout.frameRowTop(2));
        }
    }

    private void drawSpectrograms(Graphics2D g, GridLayout layout, Reconstruction r) {
        FloatTensor original = r.input().audioValues();
        BufferedImage spectrogram = spectrogramImage(original);
        int x = layout.contentLeft();
        draw(g, spectrogram, x, layout.spectrogramRowTop(0));
        draw(g, spectrogram, x, layout.spectrogramRowTop(1));
        TvltConfig config = r.config();
        int[] patch = config.audioPatchSize();
        int freqPatches = layout.freq() / patch[1];
        FloatTensor dropped = r.audioLabelMasks();
        g.setColor(DROPPED_AUDIO_PATCH);
        for (int token = 0; token < dropped.size(); token++) {
            if (dropped.get(token) == 1f) {
                int timePatch = token / freqPatches;
                int freqPatch = token % freqPatches;
                // highest frequency at the top: bins [f*q, (f+1)*q) are rows freq-(f+1)*q .. freq-f*q-1
                int top = layout.freq() - (freqPatch + 1) * patch[1];
                g.fillRect(x + timePatch * patch[0] * scale, layout.spectrogramRowTop(1) + top * scale,
                        patch[0] * scale, patch[1] * scale);
            }
        }
        draw(g, spectrogramImage(r.reconstructedSpectrogram()), x, layout.spectrogramRowTop(2));
    }

    private void drawLabels(Graphics2D g, GridLayout layout) {
        int[] tops = new int[ROW_LABELS.size()];
        int[] heights = new int[ROW_LABELS.size()];
        for (int row = 0; row < GridLayout.FRAME_ROWS; row++) {
            tops[row] = layout.frameRowTop(row);
            heights[row] = layout.frameHeight() * scale;
        }
        for (int row = 0; row < GridLayout.SPECTROGRAM_ROWS; row++) {
            tops[GridLayout.FRAME_ROWS + row] = layout.spectrogramRowTop(row);
            heights[GridLayout.FRAME_ROWS + row] = layout.freq() * scale;
        }
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.BLACK);
            FontMetrics metrics = g.getFontMetrics();
            for (int row = 0; row < ROW_LABELS.size(); row++) {
                int baseline = tops[row] + (heights[row] + metrics.getAscent() - metrics.getDescent()) / 2;
                g.drawString(ROW_LABELS.get(row), GridLayout.MARGIN, baseline);
            }
        } catch (RuntimeException | LinkageError | InternalError e) {
            // no usable font in this JVM (a minimal headless runtime): the labels are only a convenience
            LOG.warn("cannot draw the row labels ({}); the picture has none", e.toString());
        }
    }

    private void draw(Graphics2D g, BufferedImage image, int x, int y) {
        g.drawImage(image, x, y, image.getWidth() * scale, image.getHeight() * scale, null);
    }

    private static BufferedImage frameImage(FloatTensor levels, int frame) {
        long[] s = levels.shape();
        int channels = (int) s[2];
        int height = (int) s[3];
        int width = (int) s[4];
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("can only draw frames of 1 or 3 channels, got " + channels);
        }
        byte[] bytes = FrameDenormalizer.toInterleavedBytes(levels, 0, frame);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < width * height; i++) {
            int r = bytes[i * channels] & 0xff;
            int gr = bytes[i * channels + (channels == 3 ? 1 : 0)] & 0xff;
            int b = bytes[i * channels + (channels == 3 ? 2 : 0)] & 0xff;
            image.setRGB(i % width, i / width, (r << 16) | (gr << 8) | b);
        }
        return image;
    }

    private static BufferedImage spectrogramImage(FloatTensor audioValues) {
        long[] s = audioValues.shape();
        int time = (int) s[2];
        int freq = (int) s[3];
        byte[] gray = SpectrogramImage.toGrayBytes(audioValues, 0, 0);
        BufferedImage image = new BufferedImage(time, freq, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < gray.length; i++) {
            int v = gray[i] & 0xff;
            image.setRGB(i % time, i / time, (v << 16) | (v << 8) | v);
        }
        return image;
    }
}
