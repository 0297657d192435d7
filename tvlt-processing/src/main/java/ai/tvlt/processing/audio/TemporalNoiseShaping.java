package ai.tvlt.processing.audio;

import java.lang.reflect.Field;
import net.sourceforge.jaad.aac.SampleRate;
import net.sourceforge.jaad.aac.syntax.ICSInfo;
import net.sourceforge.jaad.aac.syntax.ICStream;
import net.sourceforge.jaad.aac.tools.TNS;

/**
 * Temporal noise shaping (TNS, ISO/IEC 14496-3 subclause 4.6.9) for JAAD's AAC decoder, which parses each channel's
 * TNS filters but applies none: {@code TNS.process} is empty in javasound-aac 0.9.8 (and in JCodec's older copy).
 * Every frame an encoder coded with TNS therefore came out unfiltered, far from ffmpeg's decode (35-40 dB SNR on
 * those frames against about 100 dB on the others). We take the class over for exactness: {@link AacFrameDecoder}
 * puts an instance of this subclass into each channel stream, JAAD keeps parsing the filters into it (its parser is
 * right) and calls {@link #process} at the right point of its spectral processing (after mid/side and intensity
 * stereo, before the filter bank), and this class runs the filters.
 *
 * <p>The arithmetic follows ffmpeg's float decoder step by step, in float: each filter's reflection coefficients
 * become direct-form coefficients by the step-up recursion, then the all-pole filter runs over the filter's bands
 * (at most the profile's TNS band limit and {@code max_sfb}), upward or downward, so the output agrees with ffmpeg's
 * to float rounding. Not thread-safe; one instance per channel stream, as JAAD's.
 */
final class TemporalNoiseShaping extends TNS {

    /** JAAD's parsed filters, private fields of {@link TNS}: read from this instance after JAAD's parser filled them. */
    private static final Field FILTERS = field("nFilt");
    private static final Field LENGTH = field("length");
    private static final Field ORDER = field("order");
    private static final Field DIRECTION = field("direction");
    private static final Field COEF = field("coef");
    private static final Field[] STATE = {FILTERS, LENGTH, ORDER, DIRECTION, COEF};

    private final float[] lpc = new float[32];

    /**
     * @param parsed JAAD's own instance, which may already hold the current frame's filters (it is created when a
     *        channel's first frame with TNS is parsed); or {@code null}
     * @return a new instance holding the same filters
     */
    static TemporalNoiseShaping takeOver(TNS parsed) {
        TemporalNoiseShaping tns = new TemporalNoiseShaping();
        if (parsed != null) {
            for (Field f : STATE) {
                try {
                    f.set(tns, f.get(parsed));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("JAAD's TNS state cannot be read; see TemporalNoiseShaping", e);
                }
            }
        }
        return tns;
    }

    /**
     * Runs this frame's filters on the channel's spectrum. JAAD calls it with {@code ltp == false} on its decoding
     * path; {@code true} is its long-term-prediction path, which AAC-LC (the only profile {@link AacConfig} accepts)
     * never takes.
     */
    @Override
    public void process(ICStream ics, float[] spec, SampleRate sf, boolean ltp) {
        if (ltp) {
            throw new IllegalStateException("TNS for long-term prediction (AAC-LTP) is not supported");
        }
        ICSInfo info = ics.getInfo();
        int[] filters = (int[]) read(FILTERS);
        int[][] length = (int[][]) read(LENGTH);
        int[][] order = (int[][]) read(ORDER);
        boolean[][] downward = (boolean[][]) read(DIRECTION);
        float[][][] coef = (float[][][]) read(COEF);
        int[] offsets = info.getSWBOffsets();
        int maxBand = Math.min(sf.getNominal().getMaximalTNS_SFB(info.isEightShortFrame()), info.getMaxSFB());
        for (int w = 0; w < info.getWindowCount(); w++) {
            int bottom = info.getSWBCount();
            for (int f = 0; f < filters[w]; f++) {
                int top = bottom;
                bottom = Math.max(0, top - length[w][f]);
                int n = order[w][f];
                if (n == 0) {
                    continue;
                }
                int start = offsets[Math.min(bottom, maxBand)];
                int end = offsets[Math.min(top, maxBand)];
                if (end > start) {
                    toDirectForm(coef[w][f], n);
                    filter(spec, w * 128, start, end, n, downward[w][f]);
                }
            }
        }
    }

    /** Step-up recursion: reflection coefficients to the all-pole filter's direct-form coefficients, in place. */
    private void toDirectForm(float[] reflection, int n) {
        for (int j = 0; j < n; j++) {
            float r = -reflection[j];
            lpc[j] = r;
            for (int i = 0; i < (j + 1) >> 1; i++) {
                float f = lpc[i];
                float b = lpc[j - i - 1];
                lpc[i] = f + r * b;
                lpc[j - i - 1] = b + r * f;
            }
        }
    }

    /** The all-pole filter over spectral lines [start, end) of the window at {@code window}, in either direction. */
    private void filter(float[] spec, int window, int start, int end, int n, boolean downward) {
        int step = downward ? -1 : 1;
        int k = window + (downward ? end - 1 : start);
        for (int m = 0; m < end - start; m++, k += step) {
            for (int i = 1; i <= Math.min(m, n); i++) {
                spec[k] -= spec[k - i * step] * lpc[i - 1];
            }
        }
    }

    private Object read(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("JAAD's TNS state cannot be read; see TemporalNoiseShaping", e);
        }
    }

    private static Field field(String name) {
        try {
            Field f = TNS.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this JAAD version has no TNS." + name + "; see TemporalNoiseShaping", e);
        }
    }
}
