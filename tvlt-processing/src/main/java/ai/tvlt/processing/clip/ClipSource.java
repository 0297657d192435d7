package ai.tvlt.processing.clip;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One clip to embed: its id (echoed in the output) and its media.
 *
 * @param id the clip's name in the output, e.g. a file or folder name
 * @param video an image file, a folder of image files or a video file
 * @param audio a WAV file
 */
public record ClipSource(String id, Path video, Path audio) {

    /** Checks that no field is null. */
    public ClipSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
    }
}
