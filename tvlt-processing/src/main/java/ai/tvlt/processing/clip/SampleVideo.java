package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A short synthetic video: coloured shapes (a disc, a square, a triangle) that move, bounce and turn
 * over a gradient background. Every clip id gives its own colours and trajectories, always the same
 * for the same id, so the examples and tests need no downloaded media.
 *
 * <p>Immutable and thread-safe.
 */
public final class SampleVideo {

    /** Frame width of the sample clips. */
    public static final int DEFAULT_WIDTH = 320;
    /** Frame height of the sample clips. */
    public static final int DEFAULT_HEIGHT = 240;

    private final int clipId;
    private final int width;
    private final int height;
    private final Color backgroundTop;
    private final Color backgroundBottom;
    private final List<MovingShape> shapes = new ArrayList<>();

    private enum Kind { DISC, SQUARE, TRIANGLE }

    /** A shape with its colour, size, start position, velocity (pixels per frame) and spin. */
    private record MovingShape(Kind kind, Color color, double size, double x0, double y0, double vx,
                               double vy, double spin) {
    }

    /**
     * @param clipId which clip (any integer; the same id always gives the same frames)
     * @param width frame width in pixels, at least 16
     * @param height frame height in pixels, at least 16
     */
    public SampleVideo(int clipId, int width, int height) {
        if (width < 16 || height < 16) {
            throw new InvalidInputException("sample frames must be at least 16x16, got " + width + "x" + height);
        }
        this.clipId = clipId;
        this.width = width;
        this.height = height;
        SplittableRandom random = new SplittableRandom(0x7F4A_7C15L * (clipId + 1L));
        this.backgroundTop = Color.getHSBColor((float) random.nextDouble(), 0.35f, 0.95f);
        this.backgroundBottom = Color.getHSBColor((float) random.nextDouble(), 0.55f, 0.45f);
        for (Kind kind : Kind.values()) {
            shapes.add(randomShape(kind, random));
        }
    }

    /**
     * @param clipId which clip
     * @return the clip at the default size, {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}
     */
    public static SampleVideo of(int clipId) {
        return new SampleVideo(clipId, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    private MovingShape randomShape(Kind kind, SplittableRandom random) {
        double size = Math.min(width, height) * (0.18 + 0.12 * random.nextDouble());
        double speed = Math.min(width, height) * (0.04 + 0.05 * random.nextDouble());
        double angle = 2 * Math.PI * random.nextDouble();
        return new MovingShape(kind, Color.getHSBColor((float) random.nextDouble(), 0.9f, 0.9f), size,
                random.nextDouble() * (width - size), random.nextDouble() * (height - size),
                speed * Math.cos(angle), speed * Math.sin(angle), (random.nextDouble() - 0.5) * 0.6);
    }

    /** @return the clip id */
    public int clipId() {
        return clipId;
    }

    /**
     * Renders one frame.
     *
     * @param index frame number, from 0
     * @return an RGB image
     */
    public BufferedImage frame(int index) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, backgroundTop, 0, height, backgroundBottom));
            g.fillRect(0, 0, width, height);
            for (MovingShape shape : shapes) {
                draw(g, shape, index);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes frames {@code f0.png .. f<n-1>.png} into a folder (created when missing).
     *
     * @param folder destination folder
     * @param frames number of frames, at least 1
     * @return the written files, in frame order
     * @throws UncheckedIOException when writing fails
     */
    public List<Path> writeFrames(Path folder, int frames) {
        if (frames < 1) {
            throw new InvalidInputException("a sample clip needs at least 1 frame, got " + frames);
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < frames; i++) {
                Path file = folder.resolve("f" + i + ".png");
                if (!ImageIO.write(frame(i), "png", file.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample frames to " + folder + ": " + e.getMessage(), e);
        }
        return files;
    }

    private void draw(Graphics2D g, MovingShape s, int index) {
        double x = bounce(s.x0() + s.vx() * index, width - s.size());
        double y = bounce(s.y0() + s.vy() * index, height - s.size());
        AffineTransform saved = g.getTransform();
        g.translate(x + s.size() / 2, y + s.size() / 2);
        g.rotate(s.spin() * index);
        double h = s.size() / 2;
        g.setColor(s.color());
        switch (s.kind()) {
            case DISC -> g.fill(new Ellipse2D.Double(-h, -h, s.size(), s.size()));
            case SQUARE -> g.fill(new Rectangle2D.Double(-h, -h, s.size(), s.size()));
            case TRIANGLE -> g.fill(triangle(h));
            default -> throw new IllegalStateException(s.kind().name());
        }
        g.setColor(s.color().darker().darker());
        g.setStroke(new BasicStroke(2f));
        g.draw(new Rectangle2D.Double(-h / 3, -h / 3, h * 2 / 3, h * 2 / 3));
        g.setTransform(saved);
    }

    private static Polygon triangle(double h) {
        int r = (int) Math.round(h);
        return new Polygon(new int[] {0, r, -r}, new int[] {-r, r, r}, 3);
    }

    /** Reflects a coordinate into [0, limit], so shapes bounce off the borders. */
    private static double bounce(double position, double limit) {
        if (limit <= 0) {
            return 0;
        }
        double period = 2 * limit;
        double p = ((position % period) + period) % period;
        return p <= limit ? p : period - p;
    }
}
