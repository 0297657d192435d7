package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.ImageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the clips of {@code tvlt embed --dir DIR}, in natural name order: every non-hidden sub-folder of DIR
 * is one clip, named by the sub-folder, and so is every video file directly in DIR ({@code .mp4},
 * {@code .m4v}, {@code .mov}), named by its file name without extension, its sound track the audio. In a clip
 * folder:
 * <ul>
 *   <li>the audio is its one {@code .wav} file;</li>
 *   <li>the video is its one sub-folder (a folder of frames, as {@code tvlt samples} writes
 *       {@code clip<i>/frames}); without a sub-folder, the image files of the clip folder itself; without
 *       those, its one other file (a video file).</li>
 * </ul>
 * A clip folder that does not fit is reported by {@link #resolve} with the reason. Other files directly in
 * DIR are ignored. Stateless.
 */
public final class ClipFolders {

    private ClipFolders() {
    }

    private static final List<String> VIDEO_SUFFIXES = List.of(".mp4", ".m4v", ".mov");

    /**
     * @param dir the batch folder
     * @return its clip folders and video files, in natural name order (read each with {@link ClipSource#of})
     * @throws InvalidInputException when DIR is not a folder or holds no clip
     */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("--dir " + dir + " is not a folder");
        }
        List<Path> clips = entries(dir).filter(p -> Files.isDirectory(p) || isVideoFile(p))
                .sorted(ImageDecoder.naturalOrder()).toList();
        if (clips.isEmpty()) {
            throw new InvalidInputException("--dir " + dir + " has no clip (video files, or one sub-folder per clip,"
                    + " each with its frames or video file and one WAV file)");
        }
        return clips;
    }

    private static boolean isVideoFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && VIDEO_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /**
     * @param clipFolder one clip's folder
     * @return the clip, with the folder's name as id
     * @throws InvalidInputException naming the folder when its audio or video cannot be told
     */
    public static ClipSource resolve(Path clipFolder) {
        String id = clipFolder.getFileName().toString();
        List<Path> wavs = entries(clipFolder).filter(Files::isRegularFile).filter(ClipFolders::isWav).toList();
        if (wavs.size() != 1) {
            throw new InvalidInputException("clip folder " + clipFolder + " holds " + wavs.size()
                    + " .wav files; exactly one is expected");
        }
        return new ClipSource(id, video(clipFolder), wavs.get(0));
    }

    private static Path video(Path clipFolder) {
        List<Path> folders = entries(clipFolder).filter(Files::isDirectory).toList();
        if (folders.size() == 1) {
            return folders.get(0);
        }
        if (folders.size() > 1) {
            throw new InvalidInputException("clip folder " + clipFolder + " holds " + folders.size()
                    + " sub-folders; expected one folder of frames");
        }
        List<Path> files = entries(clipFolder).filter(Files::isRegularFile).filter(f -> !isWav(f)).toList();
        if (files.stream().anyMatch(ImageDecoder::hasImageSuffix)) {
            return clipFolder;
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        throw new InvalidInputException("clip folder " + clipFolder + " holds no frames folder, no image files and "
                + (files.isEmpty() ? "no video file" : files.size() + " other files (expected one video file)"));
    }

    private static boolean isWav(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    /** The non-hidden entries of a folder. */
    private static Stream<Path> entries(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> !p.getFileName().toString().startsWith(".")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
