package ai.tvlt.processing;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.config.TvltProcessorConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.audio.TvltFeatureExtractor;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.image.TvltImageProcessor;
import ai.tvlt.processing.image.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Audio and video preprocessing in one call, as transformers' {@code TvltProcessor}: videos become
 * {@code pixel_values}/{@code pixel_mask}, mixed videos {@code pixel_values_mixed}/{@code pixel_mask_mixed},
 * clips {@code audio_values}/{@code audio_mask}.
 *
 * <p>Immutable and thread-safe (both processors are).
 */
public final class TvltProcessor {

    private final TvltImageProcessor imageProcessor;
    private final TvltFeatureExtractor featureExtractor;

    /**
     * @param imageProcessor the video part
     * @param featureExtractor the audio part
     */
    public TvltProcessor(TvltImageProcessor imageProcessor, TvltFeatureExtractor featureExtractor) {
        this.imageProcessor = InvalidInputException.requireNonNull(imageProcessor, "imageProcessor");
        this.featureExtractor = InvalidInputException.requireNonNull(featureExtractor, "featureExtractor");
    }

    /** @return a processor with the reference's defaults (SPEC 6) */
    public static TvltProcessor defaults() {
        return fromConfig(TvltProcessorConfig.defaults());
    }

    /**
     * @param config both processors' settings
     * @return the processor
     */
    public static TvltProcessor fromConfig(TvltProcessorConfig config) {
        return new TvltProcessor(TvltImageProcessor.fromConfig(config.imageProcessor()),
                new TvltFeatureExtractor(config.featureExtractor()));
    }

    /**
     * @param preprocessorConfig a hub {@code preprocessor_config.json} (one flat object for both processors)
     * @return the processor
     */
    public static TvltProcessor fromJson(Path preprocessorConfig) {
        return fromConfig(TvltProcessorConfig.fromJson(preprocessorConfig));
    }

    /**
     * The processor of a checkpoint folder: its {@code preprocessor_config.json} when present, otherwise
     * derived from {@code config.json} ({@link TvltProcessorConfig#fromModelConfig}), so the processor
     * always agrees with the model. A hub id {@code owner/name[@revision]} is resolved to its folder in
     * {@code tvlt-models} ({@code ai.tvlt.models.pipeline.TvltProcessors.fromPretrained(String)}), which
     * depends on the hub client; this module does not.
     *
     * @param checkpointDir a folder with config.json and optionally preprocessor_config.json
     * @return the processor
     */
    public static TvltProcessor fromPretrained(Path checkpointDir) {
        Path preprocessor = checkpointDir.resolve("preprocessor_config.json");
        if (Files.isRegularFile(preprocessor)) {
            return fromJson(preprocessor);
        }
        Path model = checkpointDir.resolve("config.json");
        if (!Files.isRegularFile(model)) {
            throw new InvalidInputException("checkpoint folder " + checkpointDir
                    + " has neither preprocessor_config.json nor config.json");
        }
        return fromConfig(TvltProcessorConfig.fromModelConfig(TvltConfig.fromJson(model)));
    }

    /** @return the video part */
    public TvltImageProcessor imageProcessor() {
        return imageProcessor;
    }

    /** @return the audio part */
    public TvltFeatureExtractor featureExtractor() {
        return featureExtractor;
    }

    /**
     * Preprocesses whatever the request holds.
     *
     * @param request videos, mixed videos and/or audio clips
     * @return the tensors for the parts given
     * @throws InvalidInputException when the request is empty or a part is invalid
     */
    public TvltProcessorOutput process(TvltProcessorRequest request) {
        InvalidInputException.requireNonNull(request, "request");
        if (request.videos() == null && request.videosMixed() == null && request.audio() == null) {
            throw new InvalidInputException("TvltProcessor needs videos, mixed videos or audio; the request is empty");
        }
        PixelInputs pixels = request.videos() == null ? null : imageProcessor.preprocess(request.videos());
        PixelInputs mixed = request.videosMixed() == null ? null : imageProcessor.preprocess(request.videosMixed());
        AudioFeatures audio = request.audio() == null ? null : extractAudio(request);
        return new TvltProcessorOutput(pixels, audio, mixed);
    }

    private AudioFeatures extractAudio(TvltProcessorRequest request) {
        List<float[]> clips = request.audio();
        return request.samplingRate().isPresent()
                ? featureExtractor.extractBatch(clips, request.samplingRate().getAsInt())
                : featureExtractor.extractBatch(clips);
    }

    /**
     * Convenience for one clip: one video and its audio.
     *
     * @param frames the video's frames
     * @param waveform mono audio at {@code samplingRate}
     * @param samplingRate the audio's rate; must equal the extractor's
     * @return pixel and audio tensors with batch size 1
     */
    public TvltProcessorOutput process(List<? extends VideoFrame> frames, float[] waveform, int samplingRate) {
        return process(TvltProcessorRequest.builder().videos(List.of(frames)).audio(List.of(waveform), samplingRate)
                .build());
    }

    @Override
    public String toString() {
        return "TvltProcessor[" + imageProcessor + ", " + featureExtractor + "]";
    }
}
