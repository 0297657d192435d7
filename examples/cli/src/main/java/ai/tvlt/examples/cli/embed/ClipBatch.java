package ai.tvlt.examples.cli.embed;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.ErrorMessages;
import ai.tvlt.processing.clip.ClipFolders;
import ai.tvlt.processing.clip.ClipSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The clips of a batch command ({@code embed}, {@code match}, {@code classify}) from {@code --list FILE}
 * ({@link ClipList}) or {@code --dir DIR} ({@link ClipFolders}: video files, each a clip named by its file name
 * without extension, and clip sub-folders). A clip folder of DIR that does not fit is kept with its reason, to
 * be reported as that clip's error while the others go on.
 *
 * @param clips the clips to run, in list or natural name order
 * @param unresolved clip folders that do not fit: id to reason
 */
public record ClipBatch(List<ClipSource> clips, Map<String, String> unresolved) {

    /** Copies both. */
    public ClipBatch {
        clips = List.copyOf(clips);
        unresolved = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unresolved));
    }

    /**
     * @param list the {@code --list} file, or null
     * @param dir the {@code --dir} folder, used when {@code list} is null
     * @return the batch
     * @throws InvalidInputException when the list is malformed or the folder holds no clip
     */
    public static ClipBatch read(Path list, Path dir) {
        if (list != null) {
            return new ClipBatch(ClipList.read(list), Map.of());
        }
        List<ClipSource> clips = new ArrayList<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        for (Path entry : ClipFolders.list(dir)) {
            try {
                clips.add(ClipSource.of(entry));
            } catch (InvalidInputException e) {
                unresolved.put(entry.getFileName().toString(), e.getMessage());
            }
        }
        return new ClipBatch(clips, unresolved);
    }

    /**
     * Runs a command on each clip in order, after reporting the unresolved clip folders. A clip whose run throws is
     * reported with its error line and the others go on; at the end, any failure makes the command fail.
     *
     * @param progress the command's progress on stderr
     * @param action what the command does with one clip (decode, forward, print)
     * @param done what the command did, for the closing message ("scored", "classified")
     * @throws InvalidInputException after the last clip when some clips failed, counting them
     */
    public void run(BatchProgress progress, Consumer<ClipSource> action, String done) {
        unresolved.forEach(progress::failed);
        for (ClipSource clip : clips) {
            try {
                action.accept(clip);
            } catch (RuntimeException e) {
                progress.failed(clip.id(), ErrorMessages.describe(e));
                continue;
            }
            progress.succeeded();
        }
        progress.finish();
        progress.requireNoFailures(done);
    }

    /** @return the number of clips, unresolved ones included */
    public int size() {
        return clips.size() + unresolved.size();
    }
}
