package ai.tvlt.processing.image;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files to {@link RgbImage} through ImageIO, with the TwelveMonkeys plugins on the class path
 * (JPEG including CMYK/YCCK and progressive, BMP, WebP, TIFF) next to the JDK's PNG, GIF and BMP readers.
 * The format is recognised from the file's content, not its name; the first image of a multi-image file is
 * read.
 *
 * <p>Colour rule: colour images are converted to sRGB through their colour model (ICC profiles and CMYK as
 * the reader exposes them); an alpha channel is dropped as it is, without compositing (what Pillow's
 * {@code convert("RGB")} does); grey images are repeated into R, G and B without conversion (Pillow's
 * {@code L -> RGB}), 16-bit samples scaled to 8 bits with rounding. The reference has no decoder and rejects
 * grey input; this is a documented extension.
 *
 * <p>JPEG decoders differ: TwelveMonkeys (IJG-based) and Pillow's libjpeg may differ by 1..2 levels on some
 * pixels (golden case {@code jpeg_q90_image}); PNG and other lossless formats decode exactly.
 *
 * <p>Bad files raise {@link CorruptFileException} (unreadable, truncated, undecodable) or
 * {@link InvalidInputException} (missing, not an image, too many pixels), each naming the file. An image
 * larger than {@link #maxPixels()} is refused before its pixels are decoded, and a reader that keeps reading
 * past the end of the file is stopped ({@link EndBoundedImageInputStream}).
 *
 * <p>Immutable and thread-safe (each call uses its own ImageIO reader).
 */
public final class ImageDecoder {

    /** Default pixel limit: 100 megapixels (300 MB of RGB). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
    private static final ImageDecoder DEFAULT = new ImageDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    private ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** @return a decoder with {@link #DEFAULT_MAX_PIXELS} */
    public static ImageDecoder defaults() {
        return DEFAULT;
    }

    /**
     * @param maxPixels the largest width x height accepted, at least 1 and at most {@link RgbImage#MAX_PIXELS}
     * @return a decoder with that limit
     */
    public static ImageDecoder withMaxPixels(long maxPixels) {
        if (maxPixels < 1 || maxPixels > RgbImage.MAX_PIXELS) {
            throw new InvalidInputException("maxPixels must be in 1.." + RgbImage.MAX_PIXELS + ", got " + maxPixels);
        }
        return new ImageDecoder(maxPixels);
    }

    /** @return the largest pixel count this decoder accepts */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes one image file.
     *
     * @param file an image file
     * @return its first image as RGB
     * @throws InvalidInputException when the file is missing, a folder, not a supported image or too large
     * @throws CorruptFileException when it cannot be decoded (truncated or damaged)
     */
    public RgbImage decode(Path file) {
        return RgbImage.fromBufferedImage(decodeBufferedImage(file));
    }

    /**
     * Decodes one image file without converting it, for callers that want the reader's own colour model.
     * Checks and exceptions as {@link #decode(Path)}.
     *
     * @param file an image file
     * @return the first image as the reader returns it
     */
    public BufferedImage decodeBufferedImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("image file " + file + (Files.isDirectory(file) ? " is a folder"
                    : " does not exist"));
        }
        try (ImageInputStream raw = ImageIO.createImageInputStream(file.toFile())) {
            if (raw == null) {
                throw new CorruptFileException("cannot open image file " + file);
            }
            ImageInputStream in = new EndBoundedImageInputStream(raw);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException("image file " + file + " is not in a supported format (supported: "
                        + String.join(", ", supportedFormats()) + ")");
            }
            return read(readers.next(), in, file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("image file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CorruptFileException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
    }

    private BufferedImage read(ImageReader reader, ImageInputStream in, Path file) {
        List<String> truncation = new ArrayList<>();
        IIOReadWarningListener warnings = (source, warning) -> {
            if (isTruncationWarning(warning)) {
                truncation.add(warning);
            } else {
                LOG.debug("{}: {}", file, warning);
            }
        };
        try {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(warnings);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new InvalidInputException("image file " + file + " has zero size (" + width + "x" + height
                        + ")");
            }
            if (width * height > maxPixels) {
                throw new InvalidInputException("image file " + file + " is " + width + "x" + height + " = "
                        + width * height + " pixels, more than the limit of " + maxPixels);
            }
            BufferedImage image = reader.read(0);
            if (!truncation.isEmpty()) {
                throw new CorruptFileException("image file " + file + " is truncated or damaged: " + truncation.get(0));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException || e instanceof CorruptFileException) {
                throw (RuntimeException) e;
            }
            throw new CorruptFileException("cannot decode image file " + file + " (" + formatName(reader)
                    + "): " + (e.getMessage() != null ? e.getMessage() : "damaged or unsupported data"), e);
        } catch (OutOfMemoryError e) {
            throw new CorruptFileException("image file " + file + " needs more memory than available to decode", e);
        } finally {
            reader.dispose();
        }
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName();
        } catch (IOException e) {
            return "unknown format";
        }
    }

    /** libjpeg reports a short file as a warning and fills the rest with grey; we refuse such images. */
    private static boolean isTruncationWarning(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated") || w.contains("end of file")
                || w.contains("eof");
    }

    /**
     * Whether an installed ImageIO reader recognises the file's content (not its name) as an image.
     *
     * @param file a regular file
     * @return true for an image file, false for anything else (including unreadable files)
     */
    public static boolean isImage(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return in != null && ImageIO.getImageReaders(in).hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Decodes the frames of a folder: every regular, non-hidden file whose suffix an installed reader knows,
     * in natural name order ({@code f2} before {@code f10}); other files are skipped.
     *
     * @param folder a folder of image files
     * @return the frames in order
     * @throws InvalidInputException when the folder does not exist or holds no image file
     */
    public List<RgbImage> decodeFolder(Path folder) {
        List<RgbImage> frames = new ArrayList<>();
        for (Path file : listImageFiles(folder)) {
            frames.add(decode(file));
        }
        return frames;
    }

    /**
     * Lists the image files of a folder in natural name order, as {@link #decodeFolder} reads them.
     *
     * @param folder a folder
     * @return the image files, at least one
     * @throws InvalidInputException when the folder does not exist or holds no image file
     */
    public static List<Path> listImageFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("frame folder " + folder + " does not exist or is not a folder");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageDecoder::hasImageSuffix)
                    .sorted(naturalOrder())
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new CorruptFileException("cannot list frame folder " + folder + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("frame folder " + folder + " holds no image file (suffixes: "
                    + String.join(", ", imageSuffixes()) + ")");
        }
        return files;
    }

    /**
     * @param file a path
     * @return whether its suffix is one an installed ImageIO reader declares (case-insensitive)
     */
    public static boolean hasImageSuffix(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && imageSuffixes().contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** @return the file order of frame folders: by name, digit runs by value ({@code f2} before {@code f10}) */
    public static Comparator<Path> naturalOrder() {
        return Comparator.comparing(p -> p.getFileName().toString(), NaturalNameOrder.INSTANCE);
    }

    private static Set<String> imageSuffixes() {
        Set<String> suffixes = new TreeSet<>();
        for (String s : ImageIO.getReaderFileSuffixes()) {
            suffixes.add(s.toLowerCase(Locale.ROOT));
        }
        return suffixes;
    }

    /** @return the format names of the installed readers, lower-case, sorted */
    public static List<String> supportedFormats() {
        Set<String> names = new TreeSet<>();
        Arrays.stream(ImageIO.getReaderFormatNames()).map(n -> n.toLowerCase(Locale.ROOT)).forEach(names::add);
        return List.copyOf(names);
    }
}
