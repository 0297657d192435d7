package ai.tvlt.processing.video;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.ImageDecoder;
import ai.tvlt.processing.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path into the frame list of one video for {@code TvltImageProcessor}:
 * <ul>
 *   <li>an image file (recognised by content) is a 1-frame video;</li>
 *   <li>a folder is a video of its image files in natural name order ({@code f2} before {@code f10}); a folder
 *       of more than {@code numFrames} files is sampled uniformly with the indices a video file of that many
 *       frames gets ({@link FrameSampler#uniformIndices}), and only the sampled files are decoded;</li>
 *   <li>any other file is decoded as a video and {@code numFrames} frames are sampled uniformly over the clip
 *       ({@link FrameSampler#uniformIndices}); a shorter clip gives all its frames.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class VideoLoader {

    private static final VideoLoader DEFAULT = new VideoLoader(ImageDecoder.defaults(), VideoDecoder.defaults());

    private final ImageDecoder images;
    private final VideoDecoder videos;

    private VideoLoader(ImageDecoder images, VideoDecoder videos) {
        this.images = images;
        this.videos = videos;
    }

    /** @return a loader with the default decoders */
    public static VideoLoader defaults() {
        return DEFAULT;
    }

    /**
     * @param images decoder of image files and frame folders
     * @param videos decoder of video files
     * @return a loader using them
     */
    public static VideoLoader of(ImageDecoder images, VideoDecoder videos) {
        return new VideoLoader(images, videos);
    }

    /**
     * @param path an image file, a folder of image files or a video file
     * @param numFrames the model's frame count (the processor's {@code num_frames}), at least 1
     * @return the frames, 1 to {@code numFrames}
     * @throws InvalidInputException for a missing path, a folder without images, or an unsupported
     *     file; {@link ai.tvlt.core.error.CorruptFileException} for a damaged one
     */
    public List<RgbImage> load(Path path, int numFrames) {
        if (numFrames < 1) {
            throw new InvalidInputException("numFrames must be at least 1, got " + numFrames);
        }
        if (Files.isDirectory(path)) {
            return loadFolder(path, numFrames);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("video input " + path + " does not exist");
        }
        if (ImageDecoder.isImage(path)) {
            return List.of(images.decode(path));
        }
        return videos.sampleFrames(path, numFrames);
    }

    private List<RgbImage> loadFolder(Path folder, int numFrames) {
        List<Path> files = ImageDecoder.listImageFiles(folder);
        int[] indices = FrameSampler.uniformIndices(files.size(), numFrames);
        List<RgbImage> frames = new ArrayList<>(indices.length);
        for (int index : indices) {
            frames.add(images.decode(files.get(index)));
        }
        return frames;
    }
}
