package ai.tvlt.processing.clip;

import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes the media files of {@code preprocess} and {@code embed} (SPEC section 4):
 * <ul>
 *   <li>audio: a WAV file through {@link AudioDecoder} (integer PCM scaled by {@code 1/2^(bits-1)},
 *       channels averaged to mono); a file at another rate than the processor's is resampled to it with
 *       {@link Resampler}, and a note saying so goes to the given consumer;</li>
 *   <li>video: an image file (1 frame), a folder of image files (natural name order; more files than
 *       {@code num_frames} is an error, as in the reference) or a video file ({@code num_frames} frames
 *       sampled uniformly), through {@link VideoLoader}.</li>
 * </ul>
 * Immutable and thread-safe when the note consumer is.
 */
public final class MediaSources {

    private final int samplingRate;
    private final int numFrames;
    private final VideoLoader videos;
    private final Consumer<String> notes;

    /**
     * @param samplingRate the feature extractor's sampling rate
     * @param numFrames the image processor's {@code num_frames}
     * @param notes receives one line per resampled file (e.g. printed on stderr)
     */
    public MediaSources(int samplingRate, int numFrames, Consumer<String> notes) {
        this.samplingRate = samplingRate;
        this.numFrames = numFrames;
        this.videos = VideoLoader.defaults();
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /**
     * @param file a WAV file
     * @return its mono samples at the processor's rate
     * @throws ai.tvlt.core.error.TvltException when the file is missing, corrupt or of an unsupported format
     */
    public float[] audio(Path file) {
        DecodedAudio decoded = AudioDecoder.read(file);
        if (decoded.samplingRate() != samplingRate) {
            notes.accept(file + " is at " + decoded.samplingRate() + " Hz; resampled to " + samplingRate + " Hz");
            decoded = Resampler.resample(decoded, samplingRate);
        }
        return decoded.samples();
    }

    /**
     * @param path an image file, a folder of image files or a video file
     * @return the video's frames, 1 to {@code num_frames}
     * @throws ai.tvlt.core.error.TvltException when the path is missing, holds too many frames or cannot be
     *     decoded
     */
    public List<RgbImage> video(Path path) {
        return videos.load(path, numFrames);
    }
}
