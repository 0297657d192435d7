package ai.tvlt.models.pipeline;

import ai.tvlt.core.config.TvltConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.models.tvlt.TokenMask;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorRequest;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.processing.image.VideoFrame;
import ai.tvlt.weights.hub.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns audio-visual clips into TVLT embedding vectors: the checkpoint's processor (so frames and
 * spectrogram fit the model), the encoder ({@link TvltModel}), then the {@link Pooling} of
 * {@code last_hidden_state}. From a hub id to a vector:
 *
 * <pre>{@code
 * try (TvltEmbedder embedder = TvltEmbedder.fromPretrained("ZinengTang/tvlt-base")) {
 *     float[] vector = embedder.embed(Path.of("samples/clip0"));
 * }
 * }</pre>
 *
 * <p>With {@link Pooling#CLS} (the default) a vector is {@code last_hidden_state[b, 0]}, exactly what
 * {@code tvlt embed} prints and what {@code tvlt preprocess} + {@code tvlt infer --task model} give.
 *
 * <p>Inputs: a clip folder as {@code tvlt samples} writes it ({@link #embed(Path)}), a video (an image
 * file, a folder of frames or a video file) and a WAV file ({@link #embed(Path, Path)}; WAV at another
 * rate is resampled, logged at INFO), frames and a waveform in memory, or preprocessed
 * {@link TvltInputs}. {@link #embed(List)} embeds many clips in padded batches of
 * {@link EmbedderOptions#batchSize()} clips: clips of different lengths share one forward, their padding
 * masked ({@code pixel_mask}, {@code audio_mask}), so a clip's vector equals its vector alone within
 * float rounding; a clip that fails gets its own error and the others go on.
 *
 * <p>Thread-safety: every method may be called from several threads at once (the processor is
 * immutable, {@link TvltModel#forward} is thread-safe). {@link #close()} frees the model's native memory
 * after waiting for running forwards; later calls throw {@link ai.tvlt.core.error.ClosedException}.
 */
public final class TvltEmbedder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TvltEmbedder.class);

    /** The encoder: given, or still loading on a background thread ({@link #fromPretrainedInBackground}). */
    private final CompletableFuture<TvltModel> model;
    private final int dimension;
    private final TvltProcessor processor;
    private final EmbedderOptions options;
    private final MediaSources media;

    /**
     * @param model the encoder; this embedder closes it
     * @param processor the preprocessing that fits the model
     * @param options pooling and batch size
     */
    public TvltEmbedder(TvltModel model, TvltProcessor processor, EmbedderOptions options) {
        this(CompletableFuture.completedFuture(InvalidInputException.requireNonNull(model, "model")),
                model.config().hiddenSize(), processor, options);
    }

    private TvltEmbedder(CompletableFuture<TvltModel> model, int dimension, TvltProcessor processor,
            EmbedderOptions options) {
        this.model = model;
        this.dimension = dimension;
        this.processor = InvalidInputException.requireNonNull(processor, "processor");
        this.options = InvalidInputException.requireNonNull(options, "options");
        this.media = new MediaSources(processor.featureExtractor().samplingRate(),
                processor.imageProcessor().numFrames(), note -> LOG.info("{}", note))
                .withVideoDecodeTimeout(options.decodeTimeout());
    }

    /**
     * Loads the encoder and processor of a checkpoint with the default options (CLS pooling).
     *
     * @param modelIdOrFolder a hub id {@code owner/name[@revision]} (taken from the shared Hugging Face
     *     cache, downloaded into it when missing) or a checkpoint folder
     * @return the embedder; close it when done
     * @throws ai.tvlt.core.error.TvltException when the model cannot be found, fetched or read
     */
    public static TvltEmbedder fromPretrained(String modelIdOrFolder) {
        return fromPretrained(modelIdOrFolder, EmbedderOptions.defaults());
    }

    /**
     * Loads the encoder and processor of a checkpoint: its {@code preprocessor_config.json}, or the
     * processor derived from {@code config.json}.
     *
     * @param modelIdOrFolder a hub id {@code owner/name[@revision]} or a checkpoint folder
     * @param options pooling, batch size and hub settings
     * @return the embedder; close it when done
     * @throws ai.tvlt.core.error.TvltException when the model cannot be found, fetched or read
     */
    public static TvltEmbedder fromPretrained(String modelIdOrFolder, EmbedderOptions options) {
        return fromPretrained(ModelResolver.checkpointFolder(modelIdOrFolder, options::hubOrSystem), options);
    }

    /**
     * As {@link #fromPretrained(String, EmbedderOptions)} for a checkpoint folder.
     *
     * @param checkpointDir a folder with config.json and the weights
     * @param options pooling and batch size
     * @return the embedder; close it when done
     */
    public static TvltEmbedder fromPretrained(Path checkpointDir, EmbedderOptions options) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        return new TvltEmbedder(TvltModel.fromPretrained(checkpointDir, options.load()), processor, options);
    }

    /**
     * As {@link #fromPretrained(Path, EmbedderOptions)}, but returns as soon as the processor and the
     * config are read: the encoder loads on a background thread (native backend start-up and weights,
     * about a second on two cores) while the caller goes on, typically into its first {@code embed} call,
     * which decodes and preprocesses the clip meanwhile and waits for the model only for the forward. This
     * is how {@code tvlt embed} gets its first vector sooner.
     *
     * <p>An error while loading the weights (a missing or mis-shaped weight, too little memory, ...) is
     * thrown, with its own message, by every call that needs the model, from the first one on;
     * {@link #close()} waits for a load in progress and then frees the model.
     *
     * @param checkpointDir a folder with config.json and the weights
     * @param options pooling, batch size and load options
     * @return the embedder, its model possibly still loading; close it when done
     * @throws ai.tvlt.core.error.TvltException when the folder's config or processor config cannot be read
     */
    public static TvltEmbedder fromPretrainedInBackground(Path checkpointDir, EmbedderOptions options) {
        InvalidInputException.requireNonNull(checkpointDir, "checkpointDir");
        InvalidInputException.requireNonNull(options, "options");
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpointDir);
        int dimension = TvltConfig.fromJson(checkpointDir.resolve("config.json")).hiddenSize();
        CompletableFuture<TvltModel> loading = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                loading.complete(TvltModel.fromPretrained(checkpointDir, options.load()));
            } catch (Throwable t) {
                loading.completeExceptionally(t);
            }
        }, "tvlt-model-load");
        loader.setDaemon(true);
        loader.start();
        return new TvltEmbedder(loading, dimension, processor, options);
    }

    /** @return the vector size (the model's hidden size) */
    public int dimension() {
        return dimension;
    }

    /** @return the options in use */
    public EmbedderOptions options() {
        return options;
    }

    /** @return the processor in use */
    public TvltProcessor processor() {
        return processor;
    }

    /**
     * Embeds one clip folder ({@link ClipSource#of(Path)}: frames folder or video file, and one WAV).
     *
     * @param clip the clip folder
     * @return the vector, of size {@link #dimension()}
     * @throws ai.tvlt.core.error.TvltException naming the file and the problem
     */
    public float[] embed(Path clip) {
        ClipSource source = ClipSource.of(clip);
        return embed(source.video(), source.audio());
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
        return embed(processor.process(TvltProcessorRequest.builder()
                .videos(List.of(frames)).audio(List.of(waveform), samplingRate).build()).inputs()).get(0);
    }

    /**
     * Embeds preprocessed inputs: one forward for the whole batch, each row pooled over its valid tokens.
     *
     * @param inputs pixel_values/pixel_mask and audio_values/audio_mask of B clips
     * @return B vectors of size {@link #dimension()}, in row order
     * @throws InvalidInputException when the inputs do not fit the model
     */
    public List<float[]> embed(TvltInputs inputs) {
        FloatTensor hidden = model().forward(TvltModelInput.builder().inputs(inputs).build()).lastHiddenState();
        int tokens = (int) hidden.dim(1);
        List<float[]> vectors = new ArrayList<>(inputs.batchSize());
        for (int b = 0; b < inputs.batchSize(); b++) {
            vectors.add(options.pooling().pool(hidden, b, TokenMask.of(inputs, b, tokens)));
        }
        return vectors;
    }

    /**
     * Embeds many clips in padded batches of {@link EmbedderOptions#batchSize()}. A clip that fails does
     * not stop the others: its result is a {@link ClipEmbedding.Failure} with a one-line message.
     *
     * @param clips the clips, in output order
     * @return the results, one per clip, in order
     */
    public List<ClipEmbedding> embed(List<ClipSource> clips) {
        return embed(clips, BatchListener.none());
    }

    /**
     * As {@link #embed(List)}, telling a listener about each clip as soon as its result is known.
     *
     * @param clips the clips, in output order
     * @param listener receives each result with the count done, in order (e.g. to stream the output or
     *     to show progress)
     * @return the results, one per clip, in order
     */
    public List<ClipEmbedding> embed(List<ClipSource> clips, BatchListener<? super ClipEmbedding> listener) {
        List<ClipEmbedding> results = new ArrayList<>(clips.size());
        for (int start = 0; start < clips.size(); start += options.batchSize()) {
            for (ClipEmbedding result : embedBatch(clips.subList(start, Math.min(clips.size(),
                    start + options.batchSize())))) {
                results.add(result);
                listener.clipDone(result, results.size(), clips.size());
            }
        }
        return results;
    }

    /**
     * Decodes one clip's files ({@link ai.tvlt.processing.clip.MediaSources}: frames sampled from a video
     * file or read from images, audio mixed to mono and resampled; a video file's decode is bounded by
     * {@link EmbedderOptions#decodeTimeout()}).
     *
     * @param clip the clip's files
     * @return the decoded clip, for {@link #embedDecoded(List)}
     * @throws ai.tvlt.core.error.TvltException naming the file and the problem
     */
    public DecodedClip decode(ClipSource clip) {
        InvalidInputException.requireNonNull(clip, "clip");
        List<? extends VideoFrame> frames = media.video(clip.video());
        return new DecodedClip(clip.id(), frames, media.audio(clip.audio()));
    }

    /**
     * Embeds decoded clips in one padded forward (each vector equals the clip's vector alone: exactly when the
     * batch's clips have its length, within float rounding beside longer clips, whose padding is masked). When the batch cannot run as a
     * whole (a clip does not fit the model, or the batch needs more memory than available), each clip is
     * tried alone and only those that fail get a {@link ClipEmbedding.Failure}.
     *
     * @param clips the clips of one batch (the caller chooses its size)
     * @return one result per clip, in order
     */
    public List<ClipEmbedding> embedDecoded(List<DecodedClip> clips) {
        InvalidInputException.requireNonNull(clips, "clips");
        if (clips.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors = forwardOrNull(clips);
        List<ClipEmbedding> results = new ArrayList<>(clips.size());
        for (int k = 0; k < clips.size(); k++) {
            DecodedClip clip = clips.get(k);
            results.add(vectors != null ? new ClipEmbedding.Success(clip.id(), vectors.get(k)) : alone(clip));
        }
        return results;
    }

    /** Decodes the clips of one batch, runs one padded forward over those that decoded. */
    private List<ClipEmbedding> embedBatch(List<ClipSource> batch) {
        ClipEmbedding[] results = new ClipEmbedding[batch.size()];
        List<Integer> slots = new ArrayList<>();
        List<DecodedClip> decoded = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ClipSource clip = batch.get(i);
            try {
                decoded.add(decode(clip));
                slots.add(i);
            } catch (RuntimeException e) {
                results[i] = failure(clip.id(), e);
            }
        }
        List<ClipEmbedding> embedded = embedDecoded(decoded);
        for (int k = 0; k < slots.size(); k++) {
            results[slots.get(k)] = embedded.get(k);
        }
        return List.of(results);
    }

    /** The batch's vectors, or null when the batch fails as a whole (its clips are then tried alone). */
    private List<float[]> forwardOrNull(List<DecodedClip> clips) {
        model(); // a model that failed to load fails the whole call, not each clip
        List<List<? extends VideoFrame>> videos = new ArrayList<>(clips.size());
        List<float[]> waveforms = new ArrayList<>(clips.size());
        for (DecodedClip clip : clips) {
            videos.add(clip.frames());
            waveforms.add(clip.waveform());
        }
        try {
            return embed(processor.process(TvltProcessorRequest.builder().videos(videos)
                    .audio(waveforms, processor.featureExtractor().samplingRate()).build()).inputs());
        } catch (InvalidInputException e) {
            LOG.debug("a batch of {} clips failed ({}); embedding them one by one", videos.size(), e.getMessage());
            return null;
        }
    }

    private ClipEmbedding alone(DecodedClip clip) {
        try {
            return new ClipEmbedding.Success(clip.id(),
                    embed(clip.frames(), clip.waveform(), processor.featureExtractor().samplingRate()));
        } catch (RuntimeException e) {
            return failure(clip.id(), e);
        }
    }

    private static ClipEmbedding failure(String id, RuntimeException e) {
        return new ClipEmbedding.Failure(id, ErrorMessages.describe(e), e);
    }

    /** The model, once loaded; rethrows the loading error itself (its message names the file). */
    private TvltModel model() {
        try {
            return model.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        TvltModel loaded;
        try {
            loaded = model.join();
        } catch (CompletionException e) {
            return; // nothing was loaded, so nothing to free
        }
        loaded.close();
    }

    @Override
    public String toString() {
        return "TvltEmbedder[" + options + ", " + processor + "]";
    }
}
