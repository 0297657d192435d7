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
 * uniformly; WAV mixed to mono and resampled to the processor's rate, logged at INFO), then the
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
     * @param file a WAV file
     * @return {@code audio_values} [1, 1, time, freq] and {@code audio_mask}
     * @throws ai.tvlt.core.error.TvltException when the file is missing, corrupt or of an unsupported format
     */
    public AudioFeatures audio(Path file) {
        return processor.featureExtractor().extract(sources.audio(file), processor.featureExtractor().samplingRate());
    }

    /**
     * @param video an image file, a folder of image files or a video file
     * @param audio a WAV file
     * @return both preprocessed, batch size 1
     */
    public TvltInputs clip(Path video, Path audio) {
        PixelInputs pixels = video(video);
        AudioFeatures sound = audio(audio);
        return TvltInputs.of(pixels.pixelValues(), pixels.pixelMask().toFloatTensor(), sound.audioValues(),
                sound.audioMask());
    }
}
