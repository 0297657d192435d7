package ai.tvlt.examples.cli;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.clip.SampleVideo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt samples --out DIR [--clips N]}: writes synthetic sample clips for the examples
 * ({@link SampleMedia}): per clip a folder of PNG frames with moving shapes and a speech-like WAV
 * (16-bit PCM, 44.1 kHz). Prints one line per clip: its frames folder and its WAV file.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = {"Generate synthetic sample clips (PNG frames + 16-bit 44.1 kHz WAV) for the examples."},
        footer = {"", "Writes DIR/clip<i>/frames/f0.png.. and DIR/clip<i>/audio.wav; prints"
                + " '<frames folder> <wav file>' per clip.", "", "Example:", "  tvlt samples --out samples --clips 3"})
public final class SamplesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Destination folder.")
    private Path out;

    @Option(names = "--clips", paramLabel = "N", defaultValue = "2",
            description = "Number of clips (default ${DEFAULT-VALUE}).")
    private int clips;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "" + SampleMedia.DEFAULT_FRAMES,
            description = "Frames per clip (default ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "" + SampleMedia.DEFAULT_SECONDS,
            description = "Audio duration per clip in seconds (default ${DEFAULT-VALUE}).")
    private double seconds;

    @Override
    public Integer call() {
        OptionRange.check(spec, "--clips", clips, 1, SampleMedia.MAX_CLIPS);
        SampleMedia media;
        try {
            media = new SampleMedia(frames, seconds, SampleVideo.DEFAULT_WIDTH, SampleVideo.DEFAULT_HEIGHT);
        } catch (InvalidInputException e) { // the settings' messages name --frames and --seconds
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (SampleMedia.Clip clip : media.generate(out, clips)) {
            stdout.println(clip.framesFolder() + " " + clip.audio());
        }
        stdout.flush();
        return 0;
    }
}
