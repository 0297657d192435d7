package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One clip: its id (echoed in outputs) and its media. {@link #of(Path)} reads a clip given as one path.
 *
 * @param id the clip's name in the output, e.g. a file or folder name
 * @param video an image file, a folder of image files or a video file
 * @param audio a WAV file
 */
public record ClipSource(String id, Path video, Path audio) {

    /** Checks that no field is null. */
    public ClipSource {
        InvalidInputException.requireNonNull(id, "id");
        InvalidInputException.requireNonNull(video, "video");
        InvalidInputException.requireNonNull(audio, "audio");
    }

    /**
     * A clip given as one path: a clip folder as {@code tvlt samples} writes it (a frames folder, image
     * files or one video file, and one {@code .wav}; see {@link ClipFolders#resolve}), named by the folder.
     *
     * @param clip the clip folder
     * @return the clip
     * @throws InvalidInputException naming the path when it is not a clip folder (a video file alone has
     *     no audio this library can read yet: pass its frames and a WAV file)
     */
    public static ClipSource of(Path clip) {
        if (!Files.isDirectory(clip)) {
            throw new InvalidInputException(Files.exists(clip)
                    ? "clip " + clip + " is a file; a clip is a folder with its frames (or video file) and one .wav"
                            + " (the soundtrack of a video file is not read), or give the video and the audio apart"
                    : "clip " + clip + " does not exist");
        }
        return ClipFolders.resolve(clip);
    }
}
