package ai.tvlt.examples.spark;

import java.io.Serializable;

/**
 * One row of the input table: a clip to embed.
 *
 * <p>Paths are strings as written in the table and are opened on the executor that embeds the clip, so
 * they must name files every executor can read (a shared mount, or the same local copy on each node).
 *
 * @param id the clip's id, copied to the output row
 * @param video a video file, an image, or a folder of frames
 * @param audio a WAV file
 */
public record Clip(String id, String video, String audio) implements Serializable {
}
