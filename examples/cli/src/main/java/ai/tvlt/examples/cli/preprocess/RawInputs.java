package ai.tvlt.examples.cli.preprocess;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.TvltProcessorRequest;
import ai.tvlt.processing.image.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The raw inputs of one {@code preprocess} run, in batch order: waveforms from the tensor file (at the
 * rate the user states), then clips decoded from audio files (already at the processor's rate); videos
 * and mixed videos from the tensor file, then those loaded from files (SPEC section 4: "Clips and videos
 * from {@code --tensors} come before those from files"). Callers add the tensor-file inputs first.
 *
 * <p>Mutable; not thread-safe.
 */
public final class RawInputs {

    private final List<float[]> tensorClips = new ArrayList<>();
    private final List<float[]> fileClips = new ArrayList<>();
    private final List<List<VideoFrame>> videos = new ArrayList<>();
    private final List<List<VideoFrame>> videosMixed = new ArrayList<>();

    /**
     * @param waveform a mono clip given as a tensor, at the rate passed to {@link #toRequest}
     * @return this
     */
    public RawInputs addTensorClip(float[] waveform) {
        tensorClips.add(Objects.requireNonNull(waveform, "waveform"));
        return this;
    }

    /**
     * @param waveform a mono clip decoded from a file and resampled to the processor's rate
     * @return this
     */
    public RawInputs addFileClip(float[] waveform) {
        fileClips.add(Objects.requireNonNull(waveform, "waveform"));
        return this;
    }

    /**
     * @param frames the frames of one video
     * @return this
     */
    public RawInputs addVideo(List<? extends VideoFrame> frames) {
        videos.add(List.copyOf(frames));
        return this;
    }

    /**
     * @param frames the frames of one mixed video (the matching task's negatives)
     * @return this
     */
    public RawInputs addVideoMixed(List<? extends VideoFrame> frames) {
        videosMixed.add(List.copyOf(frames));
        return this;
    }

    /** @return whether nothing was added */
    public boolean isEmpty() {
        return tensorClips.isEmpty() && fileClips.isEmpty() && videos.isEmpty() && videosMixed.isEmpty();
    }

    /** @return the number of audio clips (tensor and file) */
    public int clipCount() {
        return tensorClips.size() + fileClips.size();
    }

    /** @return the number of videos */
    public int videoCount() {
        return videos.size();
    }

    /** @return the number of mixed videos */
    public int videoMixedCount() {
        return videosMixed.size();
    }

    /**
     * The processor request. The tensor clips' rate is checked by the feature extractor, which refuses a
     * rate other than its own with the reference's message; file clips were resampled to the processor's
     * rate, so with file clips only that rate is passed.
     *
     * @param tensorClipRate the sampling rate of the tensor clips
     * @param processorRate the feature extractor's sampling rate
     * @return the request
     * @throws InvalidInputException when nothing was added
     */
    public TvltProcessorRequest toRequest(int tensorClipRate, int processorRate) {
        if (isEmpty()) {
            throw new InvalidInputException("nothing to preprocess: give --tensors with waveform.<i> or"
                    + " video[_mixed].<v>.frame.<f> tensors, --audio, --video or --images-mixed");
        }
        TvltProcessorRequest.Builder request = TvltProcessorRequest.builder();
        if (clipCount() > 0) {
            List<float[]> clips = new ArrayList<>(tensorClips);
            clips.addAll(fileClips);
            request.audio(clips, tensorClips.isEmpty() ? processorRate : tensorClipRate);
        }
        if (!videos.isEmpty()) {
            request.videos(videos);
        }
        if (!videosMixed.isEmpty()) {
            request.videosMixed(videosMixed);
        }
        return request.build();
    }
}
