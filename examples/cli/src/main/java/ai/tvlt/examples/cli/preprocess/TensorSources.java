package ai.tvlt.examples.cli.preprocess;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.io.TensorFileInputs;
import ai.tvlt.processing.image.ChannelLayout;
import ai.tvlt.processing.image.RgbImage;
import ai.tvlt.processing.image.VideoFrame;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the raw inputs of {@code preprocess --tensors} (SPEC section 4) from a tensor file opened with
 * {@link TensorFileInputs#PREPROCESS_INPUTS}:
 * <ul>
 *   <li>{@code waveform.<i>}: one mono clip each, F32 or F64 and 1-D; F64 is rounded to float32, as the
 *       reference casts float64 input;</li>
 *   <li>{@code video.<v>.frame.<f>} and {@code video_mixed.<v>.frame.<f>}: U8 {@code [H, W, 3]} frames
 *       (RGB, channels last); any other dtype, rank or channel count is an error.</li>
 * </ul>
 * Clips, videos and frames are ordered by the numeric value of their indices ({@code waveform.2} before
 * {@code waveform.10}); gaps are allowed, two names with the same value ({@code waveform.1},
 * {@code waveform.01}) are an error. Stateless.
 */
public final class TensorSources {

    private static final Pattern WAVEFORM = Pattern.compile("waveform\\.(\\d+)");
    private static final Pattern FRAME = Pattern.compile("(video|video_mixed)\\.(\\d+)\\.frame\\.(\\d+)");

    private TensorSources() {
    }

    /**
     * Adds the file's waveforms, videos and mixed videos to {@code into}.
     *
     * @param in the tensor file
     * @param into where the inputs go
     * @throws InvalidInputException for a tensor of the wrong dtype or shape, or duplicate indices
     */
    public static void read(TensorFileInputs in, RawInputs into) {
        SortedMap<Integer, String> clips = new TreeMap<>();
        SortedMap<Integer, SortedMap<Integer, String>> videos = new TreeMap<>();
        SortedMap<Integer, SortedMap<Integer, String>> videosMixed = new TreeMap<>();
        for (String name : in.names()) {
            Matcher w = WAVEFORM.matcher(name);
            Matcher f = FRAME.matcher(name);
            if (w.matches()) {
                putUnique(clips, index(name, w.group(1)), name);
            } else if (f.matches()) {
                var byVideo = f.group(1).equals("video") ? videos : videosMixed;
                SortedMap<Integer, String> frames = byVideo.computeIfAbsent(index(name, f.group(2)), k -> new TreeMap<>());
                putUnique(frames, index(name, f.group(3)), name);
            }
        }
        for (String name : clips.values()) {
            into.addTensorClip(waveform(in, name));
        }
        for (SortedMap<Integer, String> frames : videos.values()) {
            into.addVideo(frames(in, frames));
        }
        for (SortedMap<Integer, String> frames : videosMixed.values()) {
            into.addVideoMixed(frames(in, frames));
        }
    }

    /**
     * Reads one waveform tensor.
     *
     * @param in the tensor file
     * @param name its bare name
     * @return the clip as float32
     * @throws InvalidInputException when it is not a 1-D F32 or F64 tensor
     */
    public static float[] waveform(TensorFileInputs in, String name) {
        TensorInfo info = in.info(name);
        if (info.dtype() != DType.F32 && info.dtype() != DType.F64) {
            throw new InvalidInputException("tensor '" + info.name() + "' in " + in.path() + " has dtype "
                    + info.dtype() + "; a waveform must be F32 or F64 (integer PCM: scale it to [-1, 1) first,"
                    + " or pass the WAV file with --audio)");
        }
        if (info.shape().length != 1) {
            throw new InvalidInputException("tensor '" + info.name() + "' in " + in.path() + " has shape "
                    + Arrays.toString(info.shape()) + "; a waveform must be 1-D (one mono clip per waveform.<i>)");
        }
        if (info.dtype() == DType.F32) {
            return in.floats(name).data();
        }
        double[] samples = in.doubles(name);
        float[] rounded = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            rounded[i] = (float) samples[i];
        }
        return rounded;
    }

    /**
     * Reads one frame tensor.
     *
     * @param in the tensor file
     * @param name its bare name
     * @return the frame
     * @throws InvalidInputException when it is not a U8 {@code [H, W, 3]} tensor
     */
    public static RgbImage frame(TensorFileInputs in, String name) {
        TensorInfo info = in.info(name);
        long[] shape = info.shape();
        if (info.dtype() != DType.U8 || shape.length != 3 || shape[2] != 3) {
            throw new InvalidInputException("tensor '" + info.name() + "' in " + in.path() + " is "
                    + info.dtype() + Arrays.toString(shape) + "; a frame must be U8 [H, W, 3] (RGB, channels last)"
                    + (shape.length == 3 && shape[2] != 3 ? ", not " + shape[2] + " channels" : ""));
        }
        return RgbImage.fromArray(in.unsignedBytes(name), ChannelLayout.CHANNELS_LAST, shape);
    }

    private static List<VideoFrame> frames(TensorFileInputs in, SortedMap<Integer, String> names) {
        List<VideoFrame> frames = new ArrayList<>(names.size());
        for (String name : names.values()) {
            frames.add(frame(in, name));
        }
        return frames;
    }

    private static int index(String name, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("tensor '" + name + "': index " + digits + " is too large");
        }
    }

    private static void putUnique(Map<Integer, String> byIndex, int index, String name) {
        String previous = byIndex.put(index, name);
        if (previous != null) {
            throw new InvalidInputException("tensors '" + previous + "' and '" + name + "' have the same index "
                    + index + "; keep only one of them");
        }
    }
}
