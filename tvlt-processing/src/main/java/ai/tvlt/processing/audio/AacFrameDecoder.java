package ai.tvlt.processing.audio;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.jaad.aac.AACException;
import net.sourceforge.jaad.aac.Decoder;
import net.sourceforge.jaad.aac.DecoderConfig;
import net.sourceforge.jaad.aac.Receiver;
import net.sourceforge.jaad.aac.huffman.HCB;
import net.sourceforge.jaad.aac.syntax.BitStream;
import net.sourceforge.jaad.aac.syntax.CPE;
import net.sourceforge.jaad.aac.syntax.ChannelElement;
import net.sourceforge.jaad.aac.syntax.ICSInfo;
import net.sourceforge.jaad.aac.syntax.ICStream;
import net.sourceforge.jaad.aac.syntax.SyntacticElements;
import net.sourceforge.jaad.aac.tools.TNS;
import net.sourceforge.jaad.mp4.MP4Exception;

/**
 * Decodes AAC-LC access units with JAAD's parser, spectral tools and filter bank, in place of JAAD's {@code Decoder},
 * so that two steps can be made to agree with ffmpeg's decoder, the reference of the features (exactness):
 * <ul>
 *   <li>temporal noise shaping, which JAAD parses but never applies ({@link TemporalNoiseShaping});</li>
 *   <li>the sign of perceptual noise substitution (PNS). Both decoders fill a noise band with the same generator
 *       (ffmpeg's LCG and seed) scaled to the coded energy, but JAAD gives the noise a negative gain while every
 *       other band has a positive one, whereas ffmpeg's noise enters the output with the sign of the coded bands.
 *       The standard leaves the noise to the decoder, so both are valid; the bands are negated here, between
 *       parsing and spectral processing, to take ffmpeg's sign. Without it the noise bands of ffmpeg's default
 *       encoder output differ sample by sample and the features by mean |d| 0.006-0.009.</li>
 * </ul>
 * With both, JAAD's output equals ffmpeg's float decoder to float rounding (about 100 dB SNR). The per-frame steps
 * are those of JAAD's {@code Decoder}; the channel streams are reached through two private fields of JAAD
 * (checked when this class loads). Not thread-safe; one instance per track.
 */
final class AacFrameDecoder {

    private static final Field AUDIO_ELEMENTS = field(SyntacticElements.class, "audioElements");
    /** The channel stream of a single channel element ({@code SCE}, also {@code LFE}), a package-private class. */
    private static final Field SINGLE_STREAM = field(singleChannelElement(), "ics");
    private static final Field STREAM_TNS = field(ICStream.class, "tns");

    private final DecoderConfig config;
    private final SyntacticElements elements;

    private AacFrameDecoder(DecoderConfig config) {
        this.config = config;
        this.elements = new SyntacticElements(config);
    }

    /**
     * @param audioSpecificConfig the track's AudioSpecificConfig
     * @return a decoder at the start of the stream
     * @throws MP4Exception when JAAD finds the configuration unusable
     */
    static AacFrameDecoder create(byte[] audioSpecificConfig) throws MP4Exception {
        return new AacFrameDecoder(Decoder.create(audioSpecificConfig).getConfig());
    }

    /**
     * Decodes one access unit and hands its channels (planar, JAAD's 16-bit scale) to {@code receiver}.
     *
     * @throws RuntimeException (JAAD's own) when the unit is damaged
     */
    void decodeFrame(byte[] unit, Receiver receiver) {
        if (!config.getProfile().isDecodingSupported()) {
            throw new AACException("unsupported profile: " + config.getProfile().getDescription());
        }
        elements.startNewFrame();
        elements.decode(BitStream.open(unit));
        for (ICStream stream : channelStreams()) {
            negateNoiseBands(stream);
            useOwnTemporalNoiseShaping(stream);
        }
        receiver.accept(elements.process(), config.getSampleLength(), config.getOutputFrequency().getFrequency());
    }

    /** The channel streams of the audio elements parsed in this frame. */
    private List<ICStream> channelStreams() {
        List<ICStream> streams = new ArrayList<>(2);
        for (Object element : (List<?>) read(AUDIO_ELEMENTS, elements)) {
            if (element instanceof CPE pair) {
                streams.add(pair.getLeftChannel());
                streams.add(pair.getRightChannel());
            } else if (SINGLE_STREAM.getDeclaringClass().isInstance(element)) {
                streams.add((ICStream) read(SINGLE_STREAM, element));
            }
        }
        return streams;
    }

    /** Gives the PNS bands of this frame ffmpeg's sign (see the class comment). */
    private static void negateNoiseBands(ICStream stream) {
        ICSInfo info = stream.getInfo();
        int[] codebooks = stream.getSfbCB();
        int[] offsets = info.getSWBOffsets();
        float[] spectrum = stream.getInvQuantData();
        int maxBand = info.getMaxSFB();
        for (int g = 0, idx = 0, groupStart = 0; g < info.getWindowGroupCount(); g++) {
            int windows = info.getWindowGroupLength(g);
            for (int band = 0; band < maxBand; band++, idx++) {
                if (codebooks[idx] != HCB.NOISE_HCB) {
                    continue;
                }
                for (int w = 0; w < windows; w++) {
                    int from = groupStart + w * 128;
                    for (int k = from + offsets[band]; k < from + offsets[band + 1]; k++) {
                        spectrum[k] = -spectrum[k];
                    }
                }
            }
            groupStart += windows * 128;
        }
    }

    /**
     * Puts a {@link TemporalNoiseShaping} into the stream the first time it is seen. JAAD creates its own TNS object
     * when it parses a channel's first frame with TNS; if that happened in this frame, its filters are taken over.
     */
    private static void useOwnTemporalNoiseShaping(ICStream stream) {
        Object current = read(STREAM_TNS, stream);
        if (!(current instanceof TemporalNoiseShaping)) {
            try {
                STREAM_TNS.set(stream, TemporalNoiseShaping.takeOver((TNS) current));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("JAAD's channel stream cannot be given its TNS; see AacFrameDecoder", e);
            }
        }
    }

    private static Object read(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("JAAD's " + f.getName() + " cannot be read; see AacFrameDecoder", e);
        }
    }

    private static Class<?> singleChannelElement() {
        try {
            return Class.forName("net.sourceforge.jaad.aac.syntax.SCE", false, ChannelElement.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JAAD version has no SCE class; see AacFrameDecoder", e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this JAAD version has no " + owner.getSimpleName() + "." + name
                    + "; see AacFrameDecoder", e);
        }
    }
}
