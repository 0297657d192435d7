package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.image.PixelInputs;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media files to preprocessed model inputs for {@code match}, {@code classify} and {@code reconstruct}:
 * files decoded by {@link MediaSources} (the rules of {@code preprocess} and {@code embed}: an image file,
 * a folder of frames in natural order with at most {@code num_frames} files, or a video file sampled
 * uniformly; audio files (WAV, FLAC, MP3, MP4/MOV/M4A sound tracks) mixed to mono and resampled to the
 * processor's rate, logged at INFO; a video file alone is a whole clip, {@link #clip(Path)}), then the
 * checkpoint's {@link TvltProcessor}. Each file is its own batch of one, so its tensors do not depend on
 * the other files of a command.
 *
 * <p>Immutable and thread-safe.
 */
public final class MediaInputs {

    private static final Logger LOG = LoggerFactory.getLogger(MediaInputs.class);

    private final TvltProcessor processor;
    private final MediaSources sources;

    /**
     * @param processor the preprocessing that fits the model ({@link TvltProcessor#fromPretrained})
     */
    public MediaInputs(TvltProcessor processor) {
        this.processor = InvalidInputException.requireNonNull(processor, "processor");
        this.sources = new MediaSources(processor.featureExtractor().samplingRate(),
                processor.imageProcessor().numFrames(), note -> LOG.info("{}", note));
    }

    /** @return the processor */
    public TvltProcessor processor() {
        return processor;
    }

    /**
     * @param path an image file, a folder of image files or a video file
     * @return {@code pixel_values} [1, T, C, H, W] and {@code pixel_mask}
     * @throws ai.tvlt.core.error.TvltException when the path is missing, holds too many frames or cannot be
     *     decoded
     */
    public PixelInputs video(Path path) {
        return processor.imageProcessor().preprocessVideo(sources.video(path));
    }

    /**
     * @param file an audio file (WAV, FLAC, MP3, or the sound track of an MP4/MOV/M4A file)
     * @return {@code audio_values} [1, 1, time, freq] and {@code audio_mask}
     * @throws ai.tvlt.core.error.TvltException when the file is missing, corrupt or of an unsupported format
     */
    public AudioFeatures audio(Path file) {
        return processor.featureExtractor().extract(sources.audio(file), processor.featureExtractor().samplingRate());
    }

    /**
     * A video file as a whole clip: its frames and its sound track.
     *
     * @param video a video file with a sound track
     * @return both preprocessed, batch size 1
     * @throws ai.tvlt.core.error.InvalidInputException when the file has no sound track (give the audio
     *     separately with {@link #clip(Path, Path)})
     */
    public TvltInputs clip(Path video) {
        PixelInputs pixels = video(video);
        float[] audio = sources.soundtrack(video).orElseThrow(() -> new InvalidInputException(video
                + " has no audio track; give the clip's audio file as well"));
        return inputs(pixels, processor.featureExtractor().extract(audio, processor.featureExtractor().samplingRate()));
    }

    /**
     * @param video an image file, a folder of image files or a video file
     * @param audio an audio file (WAV, FLAC, MP3, or the sound track of an MP4/MOV/M4A file)
     * @return both preprocessed, batch size 1
     */
    public TvltInputs clip(Path video, Path audio) {
        return inputs(video(video), audio(audio));
    }

    private static TvltInputs inputs(PixelInputs pixels, AudioFeatures sound) {
        return TvltInputs.of(pixels.pixelValues(), pixels.pixelMask().toFloatTensor(), sound.audioValues(),
                sound.audioMask());
    }
}
