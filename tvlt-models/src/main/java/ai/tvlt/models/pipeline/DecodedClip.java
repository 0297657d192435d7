package ai.tvlt.models.pipeline;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.VideoFrame;
import java.util.List;

/**
 * One clip decoded into memory, ready for a batched forward ({@link TvltEmbedder#decode},
 * {@link TvltEmbedder#embedDecoded}): its frames (at most {@code num_frames}) and its mono waveform at the
 * processor's sampling rate. Decoding is the slow, per-file part of embedding; keeping it apart lets
 * callers decode on their own threads and batch only the forwards (as {@link DynamicBatcher} users do).
 *
 * @param id the clip's id (used in results and error messages)
 * @param frames the sampled frames
 * @param waveform mono audio at the processor's rate (owned by this record; not copied)
 */
public record DecodedClip(String id, List<? extends VideoFrame> frames, float[] waveform) {

    /** Checks that no field is null and copies the frame list. */
    public DecodedClip {
        InvalidInputException.requireNonNull(id, "id");
        frames = List.copyOf(InvalidInputException.requireNonNull(frames, "frames"));
        InvalidInputException.requireNonNull(waveform, "waveform");
    }
}
