package ai.tvlt.examples.retrieval;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A clip as the index stores it: its id and where its media are, so the rerank stage can read the
 * candidate's video again.
 *
 * @param id the clip's id (the clip folder's name for {@code index --dir})
 * @param video its video: an image file, a folder of frames or a video file (absolute)
 * @param audio its WAV file (absolute)
 */
public record IndexedClip(String id, Path video, Path audio) {

    /** Checks that no field is null. */
    public IndexedClip {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(audio, "audio");
    }
}
