package ai.tvlt.examples.cli.embed;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.examples.cli.ErrorReporter;
import ai.tvlt.examples.cli.preprocess.MediaSources;
import ai.tvlt.models.tvlt.LoadOptions;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.models.tvlt.TvltModelOutput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.TvltProcessorRequest;
import ai.tvlt.processing.image.VideoFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns audio-visual clips into TVLT embedding vectors: the checkpoint's processor
 * ({@link TvltProcessor#fromPretrained}, so frames and spectrogram fit the model), the encoder
 * ({@link TvltModel}), then {@link Pooling} of {@code last_hidden_state}. With {@link Pooling#CLS} the
 * vector is exactly {@code last_hidden_state[0, 0]} of {@code tvlt preprocess} + {@code tvlt infer --task
 * model} on the same media and processor settings.
 *
 * <p>Media: video as {@link MediaSources#video} reads it (an image file, a folder of frames in natural
 * order, at most {@code num_frames} of them, or a video file sampled uniformly), audio as
 * {@link MediaSources#audio} (WAV, mono mix, resampled to the processor's rate; the resampling is logged
 * at INFO). Each clip is its own batch of one, so a clip's vector does not depend on the other clips of
 * a batch.
 *
 * <p>Thread-safety: {@link #embed} and {@link #embedAll} may be called from several threads at once (the
 * processor is immutable, {@link TvltModel#forward} is thread-safe). {@link #close()} frees the model's
 * native memory after waiting for running forwards; later calls throw
 * {@link ai.tvlt.core.error.ClosedException}.
 */
public final class ClipEmbedder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClipEmbedder.class);

    private final TvltModel model;
    private final TvltProcessor processor;
    private final Pooling pooling;
    private final MediaSources media;

    /**
     * @param model the encoder; this embedder closes it
     * @param processor the preprocessing that fits the model
     * @param pooling how the hidden states become one vector
     */
    public ClipEmbedder(TvltModel model, TvltProcessor processor, Pooling pooling) {
        this.model = Objects.requireNonNull(model, "model");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        this.media = new MediaSources(processor.featureExtractor().samplingRate(),
                processor.imageProcessor().numFrames(), note -> LOG.info("{}", note));
    }

    /**
     * Loads a checkpoint folder's encoder and processor (its {@code preprocessor_config.json}, or the
     * processor derived from {@code config.json}).
     *
     * @param checkpointDir a folder with config.json and weights
     * @param pooling how the hidden states become one vector
     * @return the embedder; close it when done
     * @throws ai.tvlt.core.error.TvltException when the checkpoint cannot be read
     */
    public static ClipEmbedder fromPretrained(Path checkpointDir, Pooling pooling) {
        return fromPretrained(checkpointDir, pooling, LoadOptions.defaults());
    }

    /**
     * {@link #fromPretrained(Path, Pooling)} with the model's load options (threads).
     *
     * @param checkpointDir a folder with config.json and weights
     * @param pooling how the hidden states become one vector
     * @param load the model's load options
     * @return the embedder; close it when done
     * @throws ai.tvlt.core.error.TvltException when the checkpoint cannot be read
     */
    public static ClipEmbedder fromPretrained(Path checkpointDir, Pooling pooling, LoadOptions load) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        return new ClipEmbedder(TvltModel.fromPretrained(checkpointDir, load), processor, pooling);
    }

    /** @return the vector size (the model's hidden size) */
    public int dimension() {
        return model.config().hiddenSize();
    }

    /** @return the pooling */
    public Pooling pooling() {
        return pooling;
    }

    /** @return the processor in use */
    public TvltProcessor processor() {
        return processor;
    }

    /**
     * Embeds one clip from files.
     *
     * @param video an image file, a folder of image files or a video file
     * @param audio a WAV file
     * @return the vector, of size {@link #dimension()}
     * @throws ai.tvlt.core.error.TvltException naming the file and the problem when a file is missing,
     *     corrupt or does not fit (too many frames, ...)
     */
    public float[] embed(Path video, Path audio) {
        return embed(media.video(video), media.audio(audio), processor.featureExtractor().samplingRate());
    }

    /**
     * Embeds one clip already in memory.
     *
     * @param frames 1 to {@code num_frames} frames
     * @param waveform mono audio
     * @param samplingRate the audio's rate; must be the processor's (resample first with
     *     {@link ai.tvlt.processing.audio.Resampler})
     * @return the vector, of size {@link #dimension()}
     * @throws InvalidInputException for a wrong sampling rate or frame count
     */
    public float[] embed(List<? extends VideoFrame> frames, float[] waveform, int samplingRate) {
        TvltProcessorOutput inputs = processor.process(TvltProcessorRequest.builder()
                .videos(List.of(frames)).audio(List.of(waveform), samplingRate).build());
        return embed(inputs);
    }

    /**
     * Embeds preprocessed inputs of one clip (batch size 1).
     *
     * @param inputs pixel_values/pixel_mask and audio_values/audio_mask of one clip
     * @return the vector, of size {@link #dimension()}
     * @throws InvalidInputException when a part is missing or the batch size is not 1
     */
    public float[] embed(TvltProcessorOutput inputs) {
        if (inputs.pixels() == null || inputs.audio() == null) {
            throw new InvalidInputException("a clip needs both video and audio inputs");
        }
        if (inputs.pixels().batchSize() != 1 || inputs.audio().batchSize() != 1) {
            throw new InvalidInputException("embed takes one clip; got " + inputs.pixels().batchSize() + " videos and "
                    + inputs.audio().batchSize() + " audio clips");
        }
        FloatTensor pixelMask = inputs.pixels().pixelMask().toFloatTensor();
        FloatTensor audioMask = inputs.audio().audioMask();
        TvltModelOutput output = model.forward(TvltModelInput.builder()
                .pixelValues(inputs.pixels().pixelValues())
                .audioValues(inputs.audio().audioValues())
                .pixelMask(pixelMask)
                .audioMask(audioMask)
                .build());
        return pooling.pool(output.lastHiddenState(), 0, tokenMask(pixelMask, audioMask));
    }

    /**
     * Embeds clips one after the other. A clip that fails does not stop the batch: its result is a
     * {@link ClipEmbedding.Failure} with a one-line message.
     *
     * @param clips the clips, in output order
     * @param listener receives each result as soon as it is known, in order (e.g. to stream the output)
     * @return the results, one per clip, in order
     */
    public List<ClipEmbedding> embedAll(List<ClipSource> clips, Consumer<ClipEmbedding> listener) {
        List<ClipEmbedding> results = new ArrayList<>(clips.size());
        for (ClipSource clip : clips) {
            ClipEmbedding result;
            try {
                result = new ClipEmbedding.Success(clip.id(), embed(clip.video(), clip.audio()));
            } catch (RuntimeException e) {
                result = new ClipEmbedding.Failure(clip.id(), ErrorReporter.describe(e), e);
            }
            results.add(result);
            listener.accept(result);
        }
        return results;
    }

    /**
     * The attention mask of the sequence {@code [CLS, pixel..., audio...]} of one clip: the CLS entry is
     * the first pixel token's, as in the reference.
     */
    static float[] tokenMask(FloatTensor pixelMask, FloatTensor audioMask) {
        float[] pixels = pixelMask.data();
        float[] audio = audioMask.data();
        float[] mask = new float[1 + pixels.length + audio.length];
        mask[0] = pixels.length > 0 ? pixels[0] : 1f;
        System.arraycopy(pixels, 0, mask, 1, pixels.length);
        System.arraycopy(audio, 0, mask, 1 + pixels.length, audio.length);
        return mask;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "ClipEmbedder[" + pooling.cliName() + ", " + processor + "]";
    }
}
