package ai.tvlt.examples.cli;

import ai.tvlt.core.config.TvltProcessorConfig;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.io.OutputWriter;
import ai.tvlt.examples.cli.io.TensorFileInputs;
import ai.tvlt.examples.cli.preprocess.DecodeTimeoutOption;
import ai.tvlt.examples.cli.preprocess.RawInputs;
import ai.tvlt.examples.cli.preprocess.TensorSources;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.MediaSources;
import ai.tvlt.processing.image.PixelInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt preprocess}: raw waveforms, frames and media files in, the reference processor's tensors
 * out (SPEC section 4, {@code preprocess}). The processor is {@code TvltProcessor} configured by
 * {@code --config} (one flat {@code preprocessor_config.json}-style object) or the reference defaults.
 * Outputs {@code audio_values}, {@code audio_mask} (F32), {@code pixel_values} (F32), {@code pixel_mask}
 * (I64), {@code pixel_values_mixed}, {@code pixel_mask_mixed} under these bare names, for what was given.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {"Turn waveforms, frames and media files into TVLT model inputs (audio_values, audio_mask,"
                + " pixel_values, pixel_mask, pixel_values_mixed, pixel_mask_mixed) with the reference processor."},
        footer = {"", "Tensor inputs (names with or without 'input.'): waveform.<i> (F32/F64 1-D, one clip each),"
                + " video.<v>.frame.<f> and video_mixed.<v>.frame.<f> (U8 [H, W, 3]); indices order numerically."
                + " Clips and videos from --tensors come before those from files.",
                "", "Example:", "  tvlt preprocess --config preprocessor_config.json --video clip0/frames"
                + " --audio clip0/audio.wav --out inputs.safetensors"})
public final class PreprocessCommand implements Callable<Integer> {

    /** The start of the lines that tell about a resampled audio file. */
    public static final String NOTE_PREFIX = "tvlt: note: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Processor settings: one flat JSON object with the keys of TvltImageProcessor and"
                    + " TvltFeatureExtractor (a preprocessor_config.json); default: the reference defaults.")
    private Path config;

    @Option(names = "--sampling-rate", paramLabel = "HZ",
            description = "Sampling rate of the waveform.<i> tensors (default: the configured sampling_rate);"
                    + " another rate than the configured one is an error, as in the reference.")
    private Integer samplingRate;

    @Option(names = "--tensors", paramLabel = "IN", description = "Safetensors file of raw inputs.")
    private Path tensors;

    @Option(names = "--audio", paramLabel = "FILE", arity = "1..*",
            description = "Audio files, one clip each: WAV, FLAC, MP3, or the sound track of an MP4/MOV/M4A file"
                    + " (resampled to the configured rate when needed). Without it, the --video files' sound"
                    + " tracks are the clips' audio.")
    private List<Path> audio = new ArrayList<>();

    @Option(names = "--video", paramLabel = "FILE|DIR", arity = "1..*",
            description = "Videos: an image file, a folder of image files (natural order) or a video file"
                    + " (num_frames frames sampled uniformly; its sound track is the clip's audio unless --audio"
                    + " is given).")
    private List<Path> videos = new ArrayList<>();

    @Option(names = "--images-mixed", paramLabel = "FILE|DIR", arity = "1..*",
            description = "Mixed videos (pixel_values_mixed), as --video.")
    private List<Path> imagesMixed = new ArrayList<>();

    @Mixin
    private DecodeTimeoutOption decodeTimeout;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output safetensors file.")
    private Path out;

    @Override
    public Integer call() {
        if (samplingRate != null) {
            OptionRange.check(spec, "--sampling-rate", samplingRate, 1, Integer.MAX_VALUE);
        }
        TvltProcessor processor = TvltProcessor.fromConfig(
                config == null ? TvltProcessorConfig.defaults() : TvltProcessorConfig.fromJson(config));
        int processorRate = processor.featureExtractor().samplingRate();
        RawInputs inputs = new RawInputs();
        if (tensors != null) {
            try (TensorFileInputs in = TensorFileInputs.open(tensors, TensorFileInputs.PREPROCESS_INPUTS)) {
                if (in.names().isEmpty()) {
                    throw new InvalidInputException(tensors + " holds no waveform.<i>, video.<v>.frame.<f> or"
                            + " video_mixed.<v>.frame.<f> tensor (with or without the 'input.' prefix)");
                }
                TensorSources.read(in, inputs);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        MediaSources media = new MediaSources(processorRate, processor.imageProcessor().numFrames(), note -> {
            err.println(NOTE_PREFIX + note);
            err.flush();
        }).withVideoDecodeTimeout(decodeTimeout.timeout());
        for (Path file : audio) {
            inputs.addFileClip(media.audio(file));
        }
        for (Path path : videos) {
            inputs.addVideo(media.video(path));
        }
        if (inputs.clipCount() == 0) {
            addSoundtracks(media, inputs);
        }
        for (Path path : imagesMixed) {
            inputs.addVideoMixed(media.video(path));
        }
        int tensorRate = samplingRate == null ? processorRate : samplingRate;
        TvltProcessorOutput result = processor.process(inputs.toRequest(tensorRate, processorRate));
        write(result, out);
        return 0;
    }

    /**
     * A video file is a whole clip: when no audio is given (no {@code --audio}, no waveform tensor), the sound
     * tracks of the {@code --video} files are the clips' audio, in the same order. Videos without sound track
     * make the batch video-only (with a warning); a batch where only some videos have one is refused, since its
     * audio clips would not line up with its videos.
     */
    private void addSoundtracks(MediaSources media, RawInputs inputs) {
        List<float[]> tracks = new ArrayList<>();
        List<Path> silent = new ArrayList<>();
        for (Path path : videos) {
            media.soundtrack(path).ifPresentOrElse(tracks::add, () -> silent.add(path));
        }
        if (!tracks.isEmpty() && !silent.isEmpty()) {
            throw new InvalidInputException("--video " + silent.get(0) + " gives no audio (no sound track, or not a"
                    + " video file) while other --video files do: the audio clips would not line up with the videos;"
                    + " give --audio for every clip");
        }
        tracks.forEach(inputs::addFileClip);
    }

    /** Writes the processor's tensors under their bare reference names. */
    private static void write(TvltProcessorOutput result, Path file) {
        OutputWriter writer = OutputWriter.bare();
        if (result.audio() != null) {
            AudioFeatures audio = result.audio();
            writer.floats("audio_values", audio.audioValues()).floats("audio_mask", audio.audioMask());
        }
        if (result.pixels() != null) {
            PixelInputs pixels = result.pixels();
            writer.floats("pixel_values", pixels.pixelValues()).longs("pixel_mask", pixels.pixelMask());
        }
        if (result.pixelsMixed() != null) {
            PixelInputs mixed = result.pixelsMixed();
            writer.floats("pixel_values_mixed", mixed.pixelValues()).longs("pixel_mask_mixed", mixed.pixelMask());
        }
        writer.write(file);
    }
}
