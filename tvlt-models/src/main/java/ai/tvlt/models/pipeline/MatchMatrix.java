package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Matching scores of every video against every audio clip: row {@code i} is {@code videos[i]}, column
 * {@code j} is {@code audio[j]}. Each entry is the score of that pair alone (a batch of one), so it equals
 * the single-pair score. Immutable.
 *
 * @param videos the video inputs, one per row
 * @param audio the audio inputs, one per column
 * @param scores {@code scores[i][j]} for video i and audio j
 */
public record MatchMatrix(List<Path> videos, List<Path> audio, List<List<MatchScore>> scores) {

    /** Copies the lists and checks the shape. */
    public MatchMatrix {
        videos = List.copyOf(videos);
        audio = List.copyOf(audio);
        scores = scores.stream().map(List::copyOf).toList();
        int columns = audio.size();
        if (scores.size() != videos.size() || scores.stream().anyMatch(row -> row.size() != columns)) {
            throw new InvalidInputException("a match matrix needs " + videos.size() + " rows of " + columns
                    + " scores");
        }
    }

    /**
     * @param video row index
     * @param clip column index
     * @return the score of that pair
     */
    public MatchScore score(int video, int clip) {
        return scores.get(video).get(clip);
    }
}
