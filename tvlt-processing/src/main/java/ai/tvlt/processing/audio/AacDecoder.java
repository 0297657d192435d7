package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import java.lang.reflect.Field;
import net.sourceforge.jaad.aac.syntax.ICStream;
import net.sourceforge.jaad.mp4.MP4Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the AAC-LC sound track of an MP4/MOV/M4A file with JAAD (the maintained {@code javasound-aac} fork;
 * float output) through {@link AacFrameDecoder}, which makes it agree with ffmpeg's float decoder (temporal noise
 * shaping, the sign of substituted noise), averaged to mono.
 *
 * <p>The stream starts where ffmpeg's decode starts: the edit list's {@code media_time} (the encoder's priming,
 * 1024 samples for ffmpeg's and Apple's encoders) is dropped. Like ffmpeg (5.1), the end is not cut to the edit's
 * duration: the last access unit is kept whole, so the clip has as many samples as ffmpeg's decode. An access
 * unit that JAAD cannot decode (damaged bytes) becomes 1024 samples of silence, so that the units after it keep
 * their place in time; a warning counts them. Only a track of which no unit decodes is an error.
 *
 * <p>Determinism: JAAD keeps the generator of its noise substitution (PNS) in a static field of
 * {@code ICStream}, shared by every decoder in the JVM and never reset, so decoding the same file twice would give
 * different noise. Each track is therefore decoded under a lock on that class, with the generator first reset to
 * its initial state (ffmpeg's seed, {@code 0x1f2e3d4c}): a file always decodes to the same samples, and AAC
 * tracks are decoded one at a time.
 */
final class AacDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(AacDecoder.class);
    /**
     * JAAD logs each damaged unit through java.util.logging ("jaad.*" loggers, each given its own level) with a
     * stack trace on stderr; this decoder counts them and warns once through SLF4J instead, so the records stop
     * at the common parent "jaad". Held here because java.util.logging keeps a logger's settings only while it
     * is strongly referenced.
     */
    private static final java.util.logging.Logger JAAD_LOG = quiet(java.util.logging.Logger.getLogger(
            "jaad"));
    /** The noise generator's initial state in JAAD and ffmpeg. */
    private static final int NOISE_SEED = 0x1f2e3d4c;
    private static final Field NOISE_STATE = noiseStateField();
    /** JAAD's output full scale. */
    private static final double FULL_SCALE = 32768.0;

    private AacDecoder() {
    }

    /**
     * @param src the file
     * @param track its sound track
     * @return the mono samples at the stream's sampling rate, priming dropped
     */
    static DecodedAudio decode(ByteSource src, Mp4AudioTrack track) {
        synchronized (ICStream.class) {
            resetNoiseGenerator();
            return decodeTrack(src, track);
        }
    }

    private static DecodedAudio decodeTrack(ByteSource src, Mp4AudioTrack track) {
        AacFrameDecoder decoder = open(src, track.config());
        MonoAccumulator mono = new MonoAccumulator(src.name());
        UnitOutput out = new UnitOutput();
        int rate = 0;
        int channels = 0;
        int failed = 0;
        byte[] unit = new byte[0];
        for (int i = 0; i < track.sizes().length; i++) {
            if (unit.length != track.sizes()[i]) {
                unit = new byte[track.sizes()[i]];
            }
            src.readFully(track.offsets()[i], unit, 0, unit.length);
            if (!out.decode(decoder, unit) || (channels != 0 && (out.planes.length != channels || out.rate != rate))) {
                failed++;
                mono.addSilence(Mp4AudioTrack.FRAME_LENGTH);
                continue;
            }
            channels = out.planes.length;
            rate = out.rate;
            mono.addPlanarFloat(out.planes, out.length, channels, FULL_SCALE);
        }
        if (channels == 0) {
            throw new CorruptFileException(src.name() + ": none of the " + track.sizes().length + " AAC access units"
                    + " of its sound track could be decoded (damaged stream)");
        }
        if (failed > 0) {
            LOG.warn("{}: {} of {} AAC access units could not be decoded (damaged); they are silent", src.name(),
                    failed, track.sizes().length);
        }
        long start = toSamples(track.skip(), rate, track.timescale());
        int sourceChannels = AacConfig.channels(track.config());
        return new DecodedAudio(mono.range(start, Long.MAX_VALUE), rate, sourceChannels > 0 ? sourceChannels : channels,
                16, false);
    }

    private static void resetNoiseGenerator() {
        try {
            NOISE_STATE.setInt(null, NOISE_SEED);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("JAAD's noise generator cannot be reset", e);
        }
    }

    private static Field noiseStateField() {
        try {
            Field field = ICStream.class.getDeclaredField("randomState");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this JAAD version has no ICStream.randomState; see AacDecoder", e);
        }
    }

    private static AacFrameDecoder open(ByteSource src, byte[] config) {
        try {
            return AacFrameDecoder.create(config);
        } catch (MP4Exception | RuntimeException e) {
            throw new CorruptFileException(src.name() + ": its AAC decoder configuration is not usable", e);
        }
    }

    /** The planar output of one access unit. */
    private static final class UnitOutput {
        float[][] planes = new float[0][];
        int length;
        int rate;

        /** @return whether JAAD decoded the unit into at least one channel at a positive rate */
        boolean decode(AacFrameDecoder decoder, byte[] unit) {
            planes = new float[0][];
            try {
                decoder.decodeFrame(unit, (channelData, frameLength, sampleRate) -> {
                    planes = channelData.toArray(new float[0][]);
                    length = frameLength;
                    rate = sampleRate;
                });
            } catch (RuntimeException e) {
                // JAAD reports damaged units with unchecked exceptions from deep inside its parsers
                return false;
            }
            if (planes.length == 0 || rate < 1 || length < 0 || length > Mp4AudioTrack.FRAME_LENGTH * 2) {
                return false;
            }
            for (float[] plane : planes) {
                if (plane == null || plane.length < length) {
                    return false;
                }
            }
            return true;
        }
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setUseParentHandlers(false);
        return logger;
    }

    /** Converts media time units to samples at {@code rate}, rounding to nearest. */
    private static long toSamples(long units, int rate, long timescale) {
        if (timescale == rate) {
            return units;
        }
        return units > Long.MAX_VALUE / rate ? Long.MAX_VALUE : (units * rate + timescale / 2) / timescale;
    }
}
