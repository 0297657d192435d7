package ai.tvlt.processing;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.image.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What to preprocess in one {@link TvltProcessor#process} call: a batch of videos, a batch of mixed
 * videos (the matching task's negatives), and/or a batch of mono audio clips with their sampling rate.
 * Immutable; build it with {@link #builder()}.
 */
public final class TvltProcessorRequest {

    private final List<List<VideoFrame>> videos;
    private final List<List<VideoFrame>> videosMixed;
    private final List<float[]> audio;
    private final OptionalInt samplingRate;

    private TvltProcessorRequest(Builder b) {
        this.videos = b.videos;
        this.videosMixed = b.videosMixed;
        this.audio = b.audio;
        this.samplingRate = b.samplingRate;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the videos (each a list of frames), or null when none were given */
    public List<List<VideoFrame>> videos() {
        return videos;
    }

    /** @return the mixed videos, or null when none were given */
    public List<List<VideoFrame>> videosMixed() {
        return videosMixed;
    }

    /** @return the audio clips, or null when none were given; do not modify the arrays */
    public List<float[]> audio() {
        return audio;
    }

    /** @return the audio's sampling rate; empty means unchecked, as when the reference gets none */
    public OptionalInt samplingRate() {
        return samplingRate;
    }

    /** Builds a {@link TvltProcessorRequest}. Not thread-safe. */
    public static final class Builder {
        private List<List<VideoFrame>> videos;
        private List<List<VideoFrame>> videosMixed;
        private List<float[]> audio;
        private OptionalInt samplingRate = OptionalInt.empty();

        private Builder() {
        }

        /**
         * @param value a batch of videos, each a list of frames
         * @return this builder
         */
        public Builder videos(List<? extends List<? extends VideoFrame>> value) {
            this.videos = copy("videos", value);
            return this;
        }

        /**
         * @param value a batch of mixed videos, each a list of frames
         * @return this builder
         */
        public Builder videosMixed(List<? extends List<? extends VideoFrame>> value) {
            this.videosMixed = copy("videosMixed", value);
            return this;
        }

        /**
         * @param clips mono waveforms
         * @param rate their sampling rate; the extractor refuses any other than its own
         * @return this builder
         */
        public Builder audio(List<float[]> clips, int rate) {
            this.audio = copyClips(clips);
            this.samplingRate = OptionalInt.of(rate);
            return this;
        }

        /**
         * Audio without a stated rate: not checked, as the reference only warns.
         *
         * @param clips mono waveforms
         * @return this builder
         */
        public Builder audio(List<float[]> clips) {
            this.audio = copyClips(clips);
            this.samplingRate = OptionalInt.empty();
            return this;
        }

        /** @return the request */
        public TvltProcessorRequest build() {
            return new TvltProcessorRequest(this);
        }

        private static List<List<VideoFrame>> copy(String name, List<? extends List<? extends VideoFrame>> value) {
            if (value == null) {
                throw new InvalidInputException(name + " must not be null");
            }
            List<List<VideoFrame>> out = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i) == null) {
                    throw new InvalidInputException(name + "[" + i + "] is null");
                }
                out.add(List.copyOf(value.get(i)));
            }
            return List.copyOf(out);
        }

        private static List<float[]> copyClips(List<float[]> clips) {
            if (clips == null) {
                throw new InvalidInputException("audio must not be null");
            }
            for (int i = 0; i < clips.size(); i++) {
                if (clips.get(i) == null) {
                    throw new InvalidInputException("audio[" + i + "] is null");
                }
            }
            return List.copyOf(clips);
        }
    }
}
