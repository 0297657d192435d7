package ai.tvlt.examples.cli.preprocess;

import ai.tvlt.processing.video.VideoDecoder;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --decode-timeout SECONDS} option of commands that decode video files: the longest one video
 * decode may take ({@link VideoDecoder#withDecodeTimeout}); when it passes, that clip fails with a clear
 * error and nothing keeps decoding. Use it as a picocli {@code @Mixin}.
 */
public final class DecodeTimeoutOption {

    private static final int MAX_SECONDS = 86_400;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Duration timeout = VideoDecoder.DEFAULT_DECODE_TIMEOUT;

    /**
     * @param seconds the value of {@code --decode-timeout}, from 1 to 86400
     */
    @Option(names = "--decode-timeout", paramLabel = "SECONDS",
            description = "Longest decode of one video file, in seconds (default: 30).")
    void setSeconds(int seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new ParameterException(mixee.commandLine(),
                    "--decode-timeout must be from 1 to " + MAX_SECONDS + " seconds, got " + seconds);
        }
        this.timeout = Duration.ofSeconds(seconds);
    }

    /** @return the deadline of one video decode */
    public Duration timeout() {
        return timeout;
    }
}
