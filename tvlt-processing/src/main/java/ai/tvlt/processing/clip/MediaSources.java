package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.image.ImageDecoder;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoDecoder;
import ai.tvlt.processing.video.VideoLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the media files of {@code preprocess} and {@code embed} (SPEC section 4):
 * <ul>
 *   <li>audio: a WAV, FLAC or MP3 file, or the AAC sound track of an MP4/MOV/M4A file, through
 *       {@link AudioDecoder} (recognised by content; integer PCM scaled by {@code 1/2^(bits-1)}, channels
 *       averaged to mono); a file at another rate than the processor's is resampled to it with
 *       {@link Resampler}, and a note saying so goes to the given consumer;</li>
 *   <li>soundtrack: a video file is a whole clip, its sound track gives the clip's audio
 *       ({@link #soundtrack}); a video file without sound track gives none, with a warning;</li>
 *   <li>video: an image file (1 frame), a folder of image files (natural name order; more files than
 *       {@code num_frames} is an error, as in the reference) or a video file ({@code num_frames} frames
 *       sampled uniformly), through {@link VideoLoader}.</li>
 * </ul>
 * Immutable and thread-safe when the note consumer is.
 */
public final class MediaSources {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSources.class);

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
        this(samplingRate, numFrames, VideoLoader.defaults(), notes);
    }

    private MediaSources(int samplingRate, int numFrames, VideoLoader videos, Consumer<String> notes) {
        this.samplingRate = samplingRate;
        this.numFrames = numFrames;
        this.videos = videos;
        this.notes = InvalidInputException.requireNonNull(notes, "notes");
    }

    /**
     * @param timeout the longest one video decode may take ({@link VideoDecoder#withDecodeTimeout})
     * @return these sources with that deadline for video files
     * @throws InvalidInputException when the timeout is not from 1 ms to 1 day
     */
    public MediaSources withVideoDecodeTimeout(Duration timeout) {
        return new MediaSources(samplingRate, numFrames,
                VideoLoader.of(ImageDecoder.defaults(), VideoDecoder.defaults().withDecodeTimeout(timeout)), notes);
    }

    /**
     * @param file a WAV, FLAC or MP3 file, or an MP4/MOV/M4A file with an AAC sound track
     * @return its mono samples at the processor's rate
     * @throws ai.tvlt.core.error.TvltException when the file is missing, corrupt, of an unsupported format, or a
     *     video without sound track
     */
    public float[] audio(Path file) {
        return atRate(file, AudioDecoder.read(file));
    }

    /**
     * The audio of a video input: the sound track of a video file. Image files and frame folders have none.
     *
     * @param video an image file, a folder of image files or a video file (as {@link #video} takes it)
     * @return the sound track's mono samples at the processor's rate; empty for an image, a folder, or a video
     *     file without sound track (then a warning is logged: the clip is video-only)
     * @throws ai.tvlt.core.error.TvltException when the sound track is corrupt or of an unsupported codec
     */
    public Optional<float[]> soundtrack(Path video) {
        if (!Files.isRegularFile(video) || ImageDecoder.isImage(video)) {
            return Optional.empty();
        }
        Optional<DecodedAudio> track = AudioDecoder.readSoundtrack(video);
        if (track.isEmpty()) {
            LOG.warn("{} has no audio track; the clip is video-only", video);
            return Optional.empty();
        }
        return Optional.of(atRate(video, track.get()));
    }

    private float[] atRate(Path file, DecodedAudio decoded) {
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
