package ai.tvlt.processing.audio;

import ai.tvlt.core.config.TvltFeatureExtractorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.Shapes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TVLT's audio feature extractor, a port of transformers' {@code TvltFeatureExtractor}: mono waveforms in,
 * {@code audio_values} [B, 1, time, feature_size] and {@code audio_mask} [B, patches] out, bit-identical
 * to the reference on its golden cases (golden/processing/README.md, "Algorithm summary", audio).
 *
 * <p>Per clip of N samples: centred STFT with a periodic Hann window ({@link PowerSpectrogram}), Slaney mel
 * bank over 0..22050 Hz whatever the sampling rate ({@link MelFilterBank}), {@code 10 log10(max(mel, 1e-10))},
 * clipped from below at the maximum over ALL frames minus 80 dB (the maximum includes the last frame, which
 * is then dropped: a reference quirk kept on purpose), then in float32 {@code clip((dB - 20) / 40, -2, 0) + 1}.
 * The first {@code spectrogram_length} of the {@code N / hop} remaining frames are kept. Clips of a batch
 * are padded with {@code padding_value} to the longest, rounded up to whole patches of
 * {@code patch_size[0]} frames.
 *
 * <p>Inputs: {@code float[]} clips are used as they are; {@code double[]} clips are rounded to float32 first,
 * as the reference casts lists and float64 arrays. Integer PCM must be scaled by the caller (the reference
 * does not normalise integer arrays: feeding raw int16 values as floats reproduces its behaviour). Long
 * clips are processed frame by frame: memory is bounded by the kept frames, not the clip length.
 *
 * <p>Immutable and thread-safe: the window and the mel bank are computed once; every call uses its own
 * FFT plan and buffers.
 */
public final class TvltFeatureExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(TvltFeatureExtractor.class);
    private static final double MEL_FLOOR = 1e-10;
    private static final double DB_RANGE = 80.0;
    /** The reference hard-codes the mel bank's upper edge, whatever the sampling rate. */
    private static final double MEL_MAX_FREQUENCY = 22050.0;
    private static final int MAX_N_FFT = 1 << 20;
    private static final int MAX_FEATURE_SIZE = 1 << 16;
    /** Largest mel filter bank, {@code (n_fft / 2 + 1) * feature_size} weights (128 MB of doubles). */
    private static final long MAX_MEL_WEIGHTS = 1 << 24;

    private final TvltFeatureExtractorConfig config;
    private final int spectrogramLength;
    private final int[] patchSize;
    private final int featureSize;
    private final int samplingRate;
    private final float paddingValue;
    private final int freqLen;
    private final PowerSpectrogram spectrogram;
    private final MelFilterBank melFilters;

    /**
     * Builds the extractor, precomputing its window and mel filter bank.
     *
     * @param config the settings (see {@link TvltFeatureExtractorConfig#builder()} and
     *     {@link TvltFeatureExtractorConfig#fromJson(Path)})
     * @throws ConfigException when {@code n_fft} or {@code feature_size} exceed what this implementation
     *     allocates (2^20 and 2^16, and 2^24 mel filter weights {@code (n_fft / 2 + 1) * feature_size}) or
     *     {@code padding_value} does not fit float32
     */
    public TvltFeatureExtractor(TvltFeatureExtractorConfig config) {
        this.config = InvalidInputException.requireNonNull(config, "config");
        this.spectrogramLength = config.spectrogramLength();
        this.patchSize = config.patchSize();
        this.featureSize = atMost("feature_size", config.featureSize(), MAX_FEATURE_SIZE);
        this.samplingRate = config.samplingRate();
        int nFft = atMost("n_fft", config.nFft(), MAX_N_FFT);
        this.paddingValue = (float) config.paddingValue();
        if (!Float.isFinite(paddingValue)) {
            throw new ConfigException("padding_value " + config.paddingValue() + " does not fit float32");
        }
        this.freqLen = config.freqLen();
        long melWeights = (long) (nFft / 2 + 1) * featureSize;
        if (melWeights > MAX_MEL_WEIGHTS) {
            throw new ConfigException("n_fft " + nFft + " and feature_size " + featureSize + " need a mel filter bank of "
                    + melWeights + " weights, more than this implementation's limit of " + MAX_MEL_WEIGHTS);
        }
        this.spectrogram = new PowerSpectrogram(nFft, config.hopLength());
        this.melFilters = MelFilterBank.slaney(nFft / 2 + 1, featureSize, 0.0, MEL_MAX_FREQUENCY, samplingRate);
    }

    private static int atMost(String key, int value, int max) {
        if (value > max) {
            throw new ConfigException(key + " " + value + " exceeds this implementation's limit of " + max);
        }
        return value;
    }

    /** @return an extractor with the reference's defaults (44.1 kHz, 128 mel bins, n_fft 2048, hop 512) */
    public static TvltFeatureExtractor defaults() {
        return new TvltFeatureExtractor(TvltFeatureExtractorConfig.defaults());
    }

    /**
     * Reads the feature-extractor keys of a {@code preprocessor_config.json} (absent keys take the defaults,
     * other keys are ignored).
     *
     * @param preprocessorConfig the JSON file
     * @return the extractor
     * @throws ConfigException when the file cannot be read or holds a bad value
     */
    public static TvltFeatureExtractor fromJson(Path preprocessorConfig) {
        return new TvltFeatureExtractor(TvltFeatureExtractorConfig.fromJson(preprocessorConfig));
    }

    // ---------------------------------------------------------------- extraction

    /**
     * Extracts one clip after checking its sampling rate.
     *
     * @param waveform mono samples (float32, used as they are)
     * @param samplingRate the clip's sampling rate in Hz
     * @return a batch of one
     * @throws InvalidInputException on a sampling rate other than {@link #samplingRate()} (the reference's
     *     message), a null clip, or a NaN/infinite sample
     */
    public AudioFeatures extract(float[] waveform, int samplingRate) {
        checkSamplingRate(samplingRate);
        return extractClips(singleton(waveform));
    }

    /**
     * Extracts one clip without checking its sampling rate (the reference only warns when the rate is
     * omitted); prefer {@link #extract(float[], int)}.
     *
     * @param waveform mono samples, assumed to be at {@link #samplingRate()}
     * @return a batch of one
     */
    public AudioFeatures extract(float[] waveform) {
        return extractBatch(singleton(waveform));
    }

    /**
     * Extracts one float64 clip: every sample is rounded to float32 first, as the reference casts.
     *
     * @param waveform mono samples
     * @param samplingRate the clip's sampling rate in Hz
     * @return a batch of one
     * @throws InvalidInputException also when a sample overflows float32
     */
    public AudioFeatures extract(double[] waveform, int samplingRate) {
        checkSamplingRate(samplingRate);
        return extractClips(singleton(toFloat32(waveform, 0)));
    }

    /**
     * Extracts one float64 clip without checking its sampling rate.
     *
     * @param waveform mono samples, assumed to be at {@link #samplingRate()}
     * @return a batch of one
     */
    public AudioFeatures extract(double[] waveform) {
        return extract(toFloat32(waveform, 0));
    }

    /**
     * Extracts a batch of clips of any lengths after checking their common sampling rate.
     *
     * @param clips mono clips (a clip of 0 or fewer than {@code hop} samples yields no frames)
     * @param samplingRate the clips' sampling rate in Hz
     * @return the padded batch
     * @throws InvalidInputException on a wrong sampling rate, a null or empty batch, a null clip, a
     *     NaN/infinite sample (naming clip and sample), or an output too large for a Java array
     */
    public AudioFeatures extractBatch(List<float[]> clips, int samplingRate) {
        checkSamplingRate(samplingRate);
        return extractClips(clips);
    }

    /**
     * Extracts a batch of clips without checking their sampling rate.
     *
     * @param clips mono clips, assumed to be at {@link #samplingRate()}
     * @return the padded batch
     */
    public AudioFeatures extractBatch(List<float[]> clips) {
        LOG.debug("extracting without a sampling-rate check; assuming {} Hz", samplingRate);
        return extractClips(clips);
    }

    private AudioFeatures extractClips(List<float[]> clips) {
        if (clips == null || clips.isEmpty()) {
            throw new InvalidInputException("the batch of audio clips is " + (clips == null ? "null" : "empty"));
        }
        int batch = clips.size();
        int[] frames = new int[batch];
        int[] patches = new int[batch];
        int maxPatches = 0;
        for (int i = 0; i < batch; i++) {
            checkFinite(clips.get(i), i);
            frames[i] = keptFrames(clips.get(i).length);
            patches[i] = Math.multiplyExact(ceilDiv(frames[i], patchSize[0]), freqLen);
            maxPatches = Math.max(maxPatches, patches[i]);
        }
        int maxTime = Math.multiplyExact(maxPatches / freqLen, patchSize[0]);
        long[] valuesShape = {batch, 1, maxTime, featureSize};
        float[] values = allocate("audio_values", valuesShape);
        Arrays.fill(values, paddingValue);
        int clipStride = maxTime * featureSize;
        for (int i = 0; i < batch; i++) {
            writeLogMelSpectrogram(clips.get(i), i, frames[i], values, i * clipStride);
        }
        long[] maskShape = {batch, maxPatches};
        float[] mask = allocate("audio_mask", maskShape);
        for (int i = 0; i < batch; i++) {
            Arrays.fill(mask, i * maxPatches, i * maxPatches + patches[i], 1.0f);
        }
        return new AudioFeatures(FloatTensor.wrap(values, valuesShape), FloatTensor.wrap(mask, maskShape));
    }

    /** Frames kept of a clip: all STFT frames but the last, at most {@code spectrogram_length}. */
    private int keptFrames(int numSamples) {
        long total = numSamples == 0 ? 0 : spectrogram.numFrames(numSamples);
        return (int) Math.min(Math.max(total - 1, 0), spectrogramLength);
    }

    /** Allocates an output, or explains why it cannot exist (Java array limit, maximum heap). */
    private static float[] allocate(String name, long[] shape) {
        long n = Shapes.numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(name + " " + Arrays.toString(shape) + " would have " + n
                    + " elements, more than a Java array holds; use fewer or shorter clips or a smaller"
                    + " spectrogram_length");
        }
        long bytes = 4L * n;
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (bytes > maxHeap) {
            throw new InvalidInputException(name + " " + Arrays.toString(shape) + " needs " + (bytes >> 20)
                    + " MiB, more than the JVM's maximum heap of " + (maxHeap >> 20) + " MiB");
        }
        return new float[(int) n];
    }

    /**
     * Extracts a batch of float64 clips, each rounded to float32 first.
     *
     * @param clips mono clips
     * @param samplingRate the clips' sampling rate in Hz
     * @return the padded batch
     */
    public AudioFeatures extractBatchOfDoubles(List<double[]> clips, int samplingRate) {
        checkSamplingRate(samplingRate);
        if (clips == null || clips.isEmpty()) {
            throw new InvalidInputException("the batch of audio clips is " + (clips == null ? "null" : "empty"));
        }
        List<float[]> converted = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            converted.add(toFloat32(clips.get(i), i));
        }
        return extractClips(converted);
    }

    /**
     * Decoded audio at this extractor's rate; resample other rates first with {@link Resampler}.
     *
     * @param audio a decoded clip
     * @return a batch of one
     * @throws InvalidInputException when the clip's rate differs from {@link #samplingRate()}
     */
    public AudioFeatures extract(DecodedAudio audio) {
        InvalidInputException.requireNonNull(audio, "audio");
        return extract(audio.samples(), audio.samplingRate());
    }

    private void checkSamplingRate(int rate) {
        if (rate != samplingRate) {
            throw new InvalidInputException("This feature extractor is set to support sampling rate of " + samplingRate
                    + ". Please make sure that the provided `raw_speech` input was sampled with " + samplingRate
                    + " and not " + rate + ".");
        }
    }

    private static List<float[]> singleton(float[] waveform) {
        List<float[]> one = new ArrayList<>(1);
        one.add(waveform);
        return one;
    }

    private static void checkFinite(float[] clip, int index) {
        if (clip == null) {
            throw new InvalidInputException("audio clip " + index + " is null");
        }
        for (int s = 0; s < clip.length; s++) {
            if (!Float.isFinite(clip[s])) {
                throw new InvalidInputException("audio clip " + index + ": sample " + s + " is " + clip[s]);
            }
        }
    }

    private static float[] toFloat32(double[] clip, int index) {
        if (clip == null) {
            throw new InvalidInputException("audio clip " + index + " is null");
        }
        float[] out = new float[clip.length];
        for (int s = 0; s < clip.length; s++) {
            float v = (float) clip[s];
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("audio clip " + index + ": sample " + s + " is " + clip[s]
                        + (Double.isFinite(clip[s]) ? ", which overflows float32" : ""));
            }
            out[s] = v;
        }
        return out;
    }

    /**
     * The reference's {@code _np_extract_fbank_features(x).T[:spectrogram_length]}, computed frame by frame
     * into {@code out} ([kept, feature_size] row-major from {@code offset}). The dB maximum runs over all
     * frames, including the dropped last one and the truncated ones (as a maximum of the energies: log10 is
     * monotonic); only the kept frames are stored, as float32 dB, then clipped at float32(max - 80 dB) and
     * scaled in place. Clipping after the float32 rounding gives the reference's bits because rounding is
     * monotonic: {@code float(max(a, b)) == max(float(a), float(b))}.
     */
    private void writeLogMelSpectrogram(float[] x, int clipIndex, int kept, float[] out, int offset) {
        long total = x.length == 0 ? 0 : spectrogram.numFrames(x.length);
        double maxMel = Double.NEGATIVE_INFINITY;
        PowerSpectrogram.Frames cursor = spectrogram.frames(x);
        double[] power = new double[spectrogram.numFrequencyBins()];
        double[] mel = new double[featureSize];
        for (long t = 0; t < total; t++) {
            cursor.power(t, power, 0);
            melFilters.apply(power, 0, MEL_FLOOR, mel);
            for (int m = 0; m < featureSize; m++) {
                maxMel = Math.max(maxMel, mel[m]);
            }
            if (t < kept) {
                int row = offset + (int) t * featureSize;
                for (int m = 0; m < featureSize; m++) {
                    out[row + m] = (float) toDb(mel[m]);
                }
            }
        }
        if (maxMel == Double.POSITIVE_INFINITY) {
            throw new InvalidInputException("audio clip " + clipIndex
                    + ": sample magnitudes too large, the float32 spectrum overflows");
        }
        float floor = (float) (toDb(maxMel) - DB_RANGE);
        for (int i = offset, end = offset + kept * featureSize; i < end; i++) {
            out[i] = scale(Math.max(out[i], floor));
        }
    }

    private static double toDb(double mel) {
        return 10.0 * Math.log10(Math.max(mel, MEL_FLOOR));
    }

    private static float clipDb(double db, double floor) {
        return (float) Math.max(db, floor);
    }

    /** The reference's float32 arithmetic: {@code clip((db - 20) / 40, -2, 0) + 1}. */
    private static float scale(float db) {
        float v = (db - 20.0f) / 40.0f;
        return Math.min(Math.max(v, -2.0f), 0.0f) + 1.0f;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    // ---------------------------------------------------------------- debugging

    /**
     * Every intermediate of one clip, as the reference's {@code expected.stage.*} tensors (parity tests).
     *
     * @param waveform a float32 clip
     * @return full stage matrices
     */
    SpectrogramStages stages(float[] waveform) {
        checkFinite(waveform, 0);
        int frames = waveform.length == 0 ? 0 : Math.toIntExact(spectrogram.numFrames(waveform.length));
        int bins = spectrogram.numFrequencyBins();
        double[] powerByFrame = new double[Shapes.numelInt(frames, bins)];
        PowerSpectrogram.Frames cursor = spectrogram.frames(waveform);
        for (int t = 0; t < frames; t++) {
            cursor.power(t, powerByFrame, t * bins);
        }
        double[] power = new double[powerByFrame.length];
        double[] mel = new double[featureSize * frames];
        double[] melFrame = new double[featureSize];
        for (int t = 0; t < frames; t++) {
            melFilters.apply(powerByFrame, t * bins, MEL_FLOOR, melFrame);
            for (int k = 0; k < bins; k++) {
                power[k * frames + t] = powerByFrame[t * bins + k];
            }
            for (int m = 0; m < featureSize; m++) {
                mel[m * frames + t] = melFrame[m];
            }
        }
        double[] db = new double[mel.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mel.length; i++) {
            db[i] = toDb(mel[i]);
            max = Math.max(max, db[i]);
        }
        float[] unclipped = new float[db.length];
        float[] clipped = new float[db.length];
        for (int i = 0; i < db.length; i++) {
            unclipped[i] = (float) db[i];
            clipped[i] = clipDb(db[i], max - DB_RANGE);
        }
        int kept = Math.max(frames - 1, 0);
        float[] logSpec = new float[featureSize * kept];
        for (int m = 0; m < featureSize; m++) {
            for (int t = 0; t < kept; t++) {
                logSpec[m * kept + t] = scale(clipped[m * frames + t]);
            }
        }
        return new SpectrogramStages(spectrogram.window(), melFilters.weights(), power, mel, unclipped, clipped,
                logSpec, frames);
    }

    // ---------------------------------------------------------------- parameters

    /** @return the settings this extractor was built from */
    public TvltFeatureExtractorConfig config() {
        return config;
    }

    /** @return {@code sampling_rate} in Hz, the only rate the extractor accepts */
    public int samplingRate() {
        return samplingRate;
    }

    @Override
    public String toString() {
        return "TvltFeatureExtractor" + config.toString().substring("TvltFeatureExtractorConfig".length());
    }
}
