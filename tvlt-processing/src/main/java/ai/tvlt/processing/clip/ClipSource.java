package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One clip: its id (echoed in outputs) and its media. {@link #of(Path)} reads a clip given as one path.
 *
 * @param id the clip's name in the output, e.g. a file or folder name
 * @param video an image file, a folder of image files or a video file
 * @param audio an audio file, or a video file whose sound track is the clip's audio
 */
public record ClipSource(String id, Path video, Path audio) {

    /** Checks that no field is null. */
    public ClipSource {
        InvalidInputException.requireNonNull(id, "id");
        InvalidInputException.requireNonNull(video, "video");
        InvalidInputException.requireNonNull(audio, "audio");
    }

    /**
     * A clip given as one path: a video file, whose sound track is the audio, named by the file name without
     * its extension; or a clip folder as {@code tvlt samples} writes it (a frames folder, image files or one
     * video file, and one {@code .wav}; see {@link ClipFolders#resolve}), named by the folder.
     *
     * @param clip the video file or clip folder
     * @return the clip
     * @throws InvalidInputException naming the path when it does not exist
     */
    public static ClipSource of(Path clip) {
        if (Files.isDirectory(clip)) {
            return ClipFolders.resolve(clip);
        }
        if (!Files.exists(clip)) {
            throw new InvalidInputException("clip " + clip + " does not exist");
        }
        return ofVideoFile(clip);
    }

    /**
     * A video file as a whole clip: its frames, and its sound track as the audio.
     *
     * @param video the video file
     * @return the clip, named by the file name without its extension
     */
    public static ClipSource ofVideoFile(Path video) {
        return new ClipSource(idOf(video), video, video);
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
