package ai.tvlt.examples.cli.heads;

import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.audio.Resampler;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.video.VideoLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media files to preprocessed model inputs for {@code match}, {@code classify} and {@code reconstruct}:
 * video (an image file, a folder of frames in natural order with at most {@code num_frames} files, or a
 * video file sampled uniformly) through {@link VideoLoader}, audio (WAV, mixed to mono, resampled to the
 * processor's rate when it differs; logged at INFO) through {@link AudioDecoder} and {@link Resampler},
 * then the checkpoint's {@link TvltProcessor}. Each file is its own batch of one, so its tensors do not
 * depend on the other files of a command.
 *
 * <p>INTERNAL, to be merged with branch cli2's {@code preprocess.MediaSources} / {@code embed.ClipEmbedder}
 * (same decoding rules), which had not landed on main when this was written.
 *
 * <p>Immutable and thread-safe.
 */
public final class MediaInputs {

    private static final Logger LOG = LoggerFactory.getLogger(MediaInputs.class);

    private final TvltProcessor processor;
    private final VideoLoader videos = VideoLoader.defaults();

    /**
     * @param processor the preprocessing that fits the model ({@link TvltProcessor#fromPretrained})
     */
    public MediaInputs(TvltProcessor processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
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
        List<RgbImage> frames = videos.load(path, processor.imageProcessor().numFrames());
        return processor.imageProcessor().preprocessVideo(frames);
    }

    /**
     * @param file a WAV file
     * @return {@code audio_values} [1, 1, time, freq] and {@code audio_mask}
     * @throws ai.tvlt.core.error.TvltException when the file is missing, corrupt or of an unsupported format
     */
    public AudioFeatures audio(Path file) {
        int rate = processor.featureExtractor().samplingRate();
        DecodedAudio decoded = AudioDecoder.read(file);
        if (decoded.samplingRate() != rate) {
            LOG.info("{} is at {} Hz; resampled to {} Hz", file, decoded.samplingRate(), rate);
            decoded = Resampler.resample(decoded, rate);
        }
        return processor.featureExtractor().extract(decoded);
    }

    /**
     * @param video an image file, a folder of image files or a video file
     * @param audio a WAV file
     * @return both preprocessed, batch size 1
     */
    public ClipTensors clip(Path video, Path audio) {
        return ClipTensors.of(video(video), audio(audio));
    }
}
