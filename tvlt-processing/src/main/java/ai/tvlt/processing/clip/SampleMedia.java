package ai.tvlt.processing.clip;

import ai.tvlt.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the sample media of the examples (issue "CLI"): clips made by code in the repository, so
 * nothing depends on a download. Clip {@code i} is the folder {@code clip<i>/} holding
 * {@code frames/f0.png ..} ({@link SampleVideo}) and {@code audio.wav} ({@link SampleAudio}); the same
 * id always gives the same pictures and sound.
 *
 * <p>Immutable and thread-safe.
 *
 * @param frames frames per clip, at least 1
 * @param seconds audio duration per clip
 * @param width frame width
 * @param height frame height
 */
public record SampleMedia(int frames, double seconds, int width, int height) {

    /** Frames per clip by default: the model's {@code num_frames}. */
    public static final int DEFAULT_FRAMES = 8;
    /** Audio seconds per clip by default. */
    public static final double DEFAULT_SECONDS = 3.0;
    /** The most clips {@link #generate} writes. */
    public static final int MAX_CLIPS = 1000;

    /**
     * One generated clip.
     *
     * @param folder the clip's folder
     * @param framesFolder its frames (pass it to {@code --video})
     * @param frameFiles the frame files, in order
     * @param audio its WAV file (pass it to {@code --audio})
     */
    public record Clip(Path folder, Path framesFolder, List<Path> frameFiles, Path audio) {
        /** Copies the list. */
        public Clip {
            frameFiles = List.copyOf(frameFiles);
        }
    }

    /** Validates the settings. */
    public SampleMedia {
        if (frames < 1) {
            throw new InvalidInputException("--frames must be at least 1, got " + frames);
        }
        if (!(seconds > 0 && seconds <= 600)) {
            throw new InvalidInputException("--seconds must be in (0, 600], got " + seconds);
        }
    }

    /** @return the default settings: 8 frames of 320x240 and 3 s of audio per clip */
    public static SampleMedia defaults() {
        return new SampleMedia(DEFAULT_FRAMES, DEFAULT_SECONDS, SampleVideo.DEFAULT_WIDTH, SampleVideo.DEFAULT_HEIGHT);
    }

    /**
     * Writes clips {@code 0 .. count-1} below a folder (created when missing; existing files of the
     * same names are replaced).
     *
     * @param out destination folder
     * @param count number of clips, 1 to {@link #MAX_CLIPS}
     * @return the clips
     */
    public List<Clip> generate(Path out, int count) {
        if (count < 1 || count > MAX_CLIPS) {
            throw new InvalidInputException("--clips must be between 1 and " + MAX_CLIPS + ", got " + count);
        }
        List<Clip> clips = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            clips.add(generateClip(out, id));
        }
        return clips;
    }

    /**
     * Writes one clip into {@code out/clip<id>/}.
     *
     * @param out destination folder
     * @param id clip id
     * @return the clip
     */
    public Clip generateClip(Path out, int id) {
        Path folder = out.resolve("clip" + id);
        Path framesFolder = folder.resolve("frames");
        List<Path> frameFiles = new SampleVideo(id, width, height).writeFrames(framesFolder, frames);
        Path audio = folder.resolve("audio.wav");
        new SampleAudio(id).writeWav(audio, seconds);
        return new Clip(folder, framesFolder, frameFiles, audio);
    }
}
